import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { boundedInt, e164Schema } from "../common.schema.ts";

export const setOutboundPolicySchema = z.object({
  maxConcurrentCalls: boundedInt(0, 1000),
  maxCallsPerMinute: boundedInt(0, 10_000),
  allowedCountries: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine(isSupportedCountry, { error: "Give countries as two-letter codes, like US or GB." }),
    )
    .max(250)
    .transform((codes) => [...new Set(codes)]),
  callerIdNumbers: z
    .array(e164Schema)
    .max(500)
    .transform((numbers) => [...new Set(numbers)]),
});
