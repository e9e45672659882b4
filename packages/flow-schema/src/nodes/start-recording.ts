import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";

export const startRecordingNode = defineNodeKind({
  kind: "startRecording",
  version: 1,
  label: "Start recording",
  category: "recording",
  icon: "circle-dot",
  description:
    "Start recording the call, if recording consent allows it; otherwise continue without recording.",
  params: z.object({
    channels: field(z.enum(["mono", "dual"]).default("dual"), {
      label: "Channels",
      widget: "select",
      optionLabels: { mono: "Mixed", dual: "Caller and agent on separate channels" },
    }),
  }),
  initialParams: {},
  summary: (params) =>
    params.channels === "dual" ? "Caller and agent on separate channels" : "Mixed channels",
  ports: [{ id: "next", label: "Next" }],
  outputs: [
    { name: "started", description: "Whether recording actually started (false when consent was missing)." },
  ],
  commands: ["recording.start"],
  waits: false,
});
