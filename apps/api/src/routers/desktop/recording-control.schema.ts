import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const recordingStateSchema = z.object({ callId: idSchema });

/** `callerAsked`: the caller asked not to be recorded; their consent is withdrawn for the rest of the call. */
export const stopRecordingSchema = z.object({ callId: idSchema, callerAsked: z.boolean().default(false) });
