import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";

export const hangupNode = defineNodeKind({
  kind: "hangup",
  version: 1,
  label: "Hang up",
  category: "flow",
  icon: "phone-off",
  description: "End the call.",
  params: z.object({
    reason: field(z.string().optional(), { label: "Reason (for the call log)", widget: "text" }),
  }),
  initialParams: {},
  summary: (params) => params.reason ?? "",
  ports: [],
  outputs: [],
  waits: false,
});
