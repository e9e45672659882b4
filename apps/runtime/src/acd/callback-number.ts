import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { outboundPolicy, type Db } from "@ringflow/db";

/**
 * The number a caller waiting in a queue is called back on: theirs, or one they typed, callable and in a
 * country the workspace lets its calls go to (the same outbound policy as agents' calls, so a caller cannot
 * make the workspace ring a premium or foreign number). Digits typed without a country code are read as
 * numbers of the country of the number they called.
 */
export async function callableCallbackNumber(
  db: Db,
  tenantId: string,
  entered: string,
  calledNumber: string,
): Promise<string | null> {
  const digits = entered.replace(/[^\d+]/g, "");
  if (!digits || digits.length > 16) return null;
  const { allowedCountries } = await outboundPolicy(db, tenantId);
  // By its calling code: the called number's own country may be unknown (a number not yet in service); an
  // extension of the workspace's phone system has none, and the workspace's first country is taken.
  const home = parsePhoneNumberFromString(calledNumber)?.countryCallingCode;
  const first = allowedCountries[0] as CountryCode | undefined;
  const parsed = digits.startsWith("+")
    ? parsePhoneNumberFromString(digits)
    : parsePhoneNumberFromString(
        digits,
        home ? { defaultCallingCode: home } : first ? { defaultCountry: first } : {},
      );
  if (!parsed?.isValid() || !parsed.country) return null;
  return allowedCountries.includes(parsed.country) ? parsed.number : null;
}

/**
 * A number read back digit by digit in its national groups ("4 1 5, 5 5 5, 0 1 2 3"), the way people say
 * numbers; the country code only when it is not the called number's country.
 */
export function spokenNumber(e164: string, calledNumber: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164.replace(/\D/g, "").split("").join(" ");
  // Called on an extension (no country): the number is said as its country says it.
  const home = parsePhoneNumberFromString(calledNumber)?.countryCallingCode;
  const foreign = home !== undefined && parsed.countryCallingCode !== home;
  const groups = (foreign ? parsed.formatInternational() : parsed.formatNational()).match(/\d+/g) ?? [];
  const said = groups.map((group) => group.split("").join(" ")).join(", ");
  return foreign ? `plus ${said}` : said;
}
