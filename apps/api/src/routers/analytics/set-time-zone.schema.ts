import { z } from "zod";
import { isTimeZone } from "@ringflow/analytics";

export const setTimeZoneSchema = z.object({
  /** An IANA time zone, e.g. America/New_York: where the workspace's days and hours begin. */
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { error: "Choose a time zone from the list, e.g. America/New_York." }),
});
export type SetTimeZoneInput = z.infer<typeof setTimeZoneSchema>;
