import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";

/** The limits a workspace has until its admin changes them (see the OutboundPolicy model). */
export const DEFAULT_OUTBOUND_POLICY = {
  maxConcurrentCalls: 5,
  maxCallsPerMinute: 10,
  allowedCountries: ["US", "CA"],
};

export async function outboundPolicy(db: Db, tenantId: string) {
  const row = await db.outboundPolicy.findFirst({
    where: { tenantId },
    select: { maxConcurrentCalls: true, maxCallsPerMinute: true, allowedCountries: true },
  });
  return row ?? DEFAULT_OUTBOUND_POLICY;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
export const countryName = (code: string) => regionNames.of(code) ?? code;

/** A number agents may call: a real number of a country the workspace allows. */
export async function checkDestination(db: Db, tenantId: string, number: string) {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed?.isValid() || !parsed.country)
    throw apiError("BAD_REQUEST", `${number} is not a phone number that can be called.`);
  const { allowedCountries } = await outboundPolicy(db, tenantId);
  if (!allowedCountries.includes(parsed.country))
    throw apiError(
      "FORBIDDEN",
      `Calls to ${countryName(parsed.country)} are not allowed in this workspace` +
        (allowedCountries.length
          ? ` (allowed: ${allowedCountries.map(countryName).join(", ")}).`
          : " (no country is allowed).") +
        " An admin can change this under outbound limits.",
    );
  return { e164: parsed.number, country: parsed.country };
}
