import * as z from "zod";

/**
 * US states commonly listed as requiring every party's consent to record a call.
 * A default the admin can edit per node; not legal advice.
 */
export const TWO_PARTY_CONSENT_STATES = [
  "CA",
  "CT",
  "DE",
  "FL",
  "IL",
  "MD",
  "MA",
  "MI",
  "MT",
  "NV",
  "NH",
  "OR",
  "PA",
  "WA",
] as const;

/** Where a call stands on recording consent: the one list the engine, the log and the simulator use. */
export const consentStatusSchema = z.enum(["unknown", "not-required", "granted", "declined"]);
export type ConsentStatus = z.infer<typeof consentStatusSchema>;

/**
 * Whether call recording may start. Unknown consent counts as "not given" unless the caller is known to be
 * in a one-party state: recording must never start where consent was required and not given.
 */
export function recordingAllowed(consent: ConsentStatus, callerState: string | null | undefined): boolean {
  if (consent === "granted" || consent === "not-required") return true;
  if (consent === "declined") return false;
  return (
    !!callerState && !(TWO_PARTY_CONSENT_STATES as readonly string[]).includes(callerState.toUpperCase())
  );
}
