import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Every country with its calling code, by name: "United Kingdom (+44)". */
export const COUNTRIES = getCountries()
  .map((code) => ({ code, name: regionNames.of(code) ?? code, callingCode: getCountryCallingCode(code) }))
  .sort((a, b) => a.name.localeCompare(b.name));

export type PhoneReading =
  | { ok: true; e164: string; country: CountryCode | undefined; warning?: string }
  | { ok: false; message: string };

/**
 * What a person typed as a phone number, read in the chosen country (or from its own +country code): the
 * number to dial, or why it cannot be one, in words.
 */
export function readPhoneNumber(typed: string, country: CountryCode): PhoneReading {
  const text = typed.trim();
  if (!text) return { ok: false, message: "Type the phone number." };
  if (/[a-z]/i.test(text.replace(/^(ext|x)\.?\s*\d+$/i, "")))
    return {
      ok: false,
      message: `“${text}” is not a phone number: type its digits, like ${example(country)}.`,
    };
  const parsed = parsePhoneNumberFromString(text, country);
  const where = regionNames.of(parsed?.country ?? country) ?? country;
  if (!parsed || !parsed.isPossible())
    return {
      ok: false,
      message: `That is not a complete phone number in ${where}: it should look like ${example(country)}.`,
    };
  return {
    ok: true,
    e164: parsed.number,
    country: parsed.country,
    ...(parsed.isValid()
      ? {}
      : {
          warning: `This does not look like a number in use in ${where}; check it before callers rely on it.`,
        }),
  };
}

/** Splits a stored number back into its country and the digits after the country code. */
export function splitPhoneNumber(
  e164: string,
  fallback: CountryCode,
): { country: CountryCode; national: string } {
  const parsed = e164 ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed) return { country: fallback, national: e164 };
  return { country: parsed.country ?? fallback, national: parsed.formatNational() };
}

const EXAMPLES: Partial<Record<CountryCode, string>> = {
  US: "415 555 0100",
  CA: "416 555 0100",
  GB: "020 7946 0000",
};
const example = (country: CountryCode) =>
  EXAMPLES[country] ?? `+${getCountryCallingCode(country)} and the number`;
