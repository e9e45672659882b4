import { parsePhoneNumberFromString } from "libphonenumber-js";
import { DEFAULT_OUTBOUND_POLICY, outboundPolicy, type Db } from "@ringflow/db";
import { apiError } from "../../errors.ts";

export { DEFAULT_OUTBOUND_POLICY, outboundPolicy };

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

/** Replaces the workspace's outbound limits; every caller ID must be one of its numbers. */
export async function setOutboundPolicy(
  db: Db,
  tenantId: string,
  input: {
    maxConcurrentCalls: number;
    maxCallsPerMinute: number;
    allowedCountries: string[];
    callerIdNumbers: string[];
  },
) {
  const own = await db.phoneNumber.findMany({
    where: { tenantId, e164: { in: input.callerIdNumbers } },
    select: { e164: true },
  });
  const missing = input.callerIdNumbers.filter((n) => !own.some((o) => o.e164 === n));
  if (missing.length)
    throw apiError("BAD_REQUEST", `${missing.join(", ")} is not a number of this workspace.`);
  await db.outboundPolicy.upsert({ where: { tenantId }, create: { tenantId, ...input }, update: input });
  return outboundPolicy(db, tenantId);
}
