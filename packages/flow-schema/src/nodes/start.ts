import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";

const directions = ["inbound", "outbound"] as const;

export const startNode = defineNodeKind({
  kind: "start",
  version: 1,
  label: "Start",
  category: "flow",
  icon: "phone-incoming",
  description:
    "Where every call enters the flow: an inbound call, or an outbound call started through the API.",
  params: z.object({
    accepts: field(
      z
        .array(z.enum(directions))
        .min(1, { error: "Accept inbound calls, outbound calls or both." })
        .default(["inbound"]),
      {
        label: "Triggers",
        help: "Each kind of call it accepts gets its own exit.",
        widget: "multiselect",
        optionLabels: { inbound: "Inbound call", outbound: "Outbound call (API)" },
      },
    ),
  }),
  initialParams: { accepts: ["inbound"] },
  // "Inbound calls", "Inbound and outbound calls"
  summary: (params) => {
    const text = `${params.accepts.join(" and ")} calls`;
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  entry: true,
  ports: (params) =>
    directions
      .filter((d) => params.accepts.includes(d))
      .map((d) => ({ id: d, label: d === "inbound" ? "Inbound call" : "Outbound call" })),
  outputs: [],
  waits: false,
});
