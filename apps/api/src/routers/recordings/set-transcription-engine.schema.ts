import { z } from "zod";
import { boundedText } from "../common.schema.ts";

export const setTranscriptionEngineSchema = z.object({
  /** local: on Ringflow's own servers; twilio: Twilio's (Twilio recordings); cloud: the deployment's service. */
  engine: z.enum(["local", "twilio", "cloud", "off"]),
  cloudApiKey: boundedText(500).trim().min(1).optional(),
  cloudModel: boundedText(100).trim().min(1).optional(),
});
export type SetTranscriptionEngineInput = z.infer<typeof setTranscriptionEngineSchema>;
