import type { JobsOptions } from "bullmq";
import * as z from "zod";

/** REST calls to Twilio that TwiML cannot express, made by the twilio-rest worker, retried with backoff. */
export const TWILIO_REST_QUEUE = "twilio-rest";

export const twilioRestJobSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("stop-recording"),
    tenantId: z.string(),
    providerAccountId: z.string(),
    callSid: z.string(),
  }),
]);
export type TwilioRestJob = z.infer<typeof twilioRestJobSchema>;

export const TWILIO_REST_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: true,
  removeOnFail: 1000,
};
