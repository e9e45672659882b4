import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";

export const stopRecordingNode = defineNodeKind({
  kind: "stopRecording",
  version: 1,
  label: "Stop recording",
  category: "recording",
  icon: "circle-stop",
  description: "Stop recording the call (for example before the caller reads out card details).",
  params: z.object({}),
  initialParams: {},
  summary: () => "",
  ports: [{ id: "next", label: "Next" }],
  outputs: [],
  commands: ["recording.stop"],
  waits: false,
});
