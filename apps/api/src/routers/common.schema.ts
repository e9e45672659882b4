import { z } from "zod";
import { Role } from "@ringflow/db";

/**
 * Postgres stores neither NUL nor unpaired UTF-16 surrogates (text and jsonb alike), so such input would
 * fail deep in the database; it is refused here, at the boundary, with a sentence instead.
 */
export function isStorableText(value: string): boolean {
  // With the u flag, \p{Cs} matches only surrogates that are not half of a pair.
  return !value.includes("\u0000") && !/\p{Cs}/u.test(value);
}
const UNSTORABLE_TEXT = "Remove the NUL character or broken (unpaired surrogate) character from this text.";

/** Any text the API stores or passes to the database: a string without NUL or lone surrogates. */
export const textSchema = z.string().refine(isStorableText, { error: UNSTORABLE_TEXT });
/** Text up to `max` characters. */
export const boundedText = (max: number) => textSchema.max(max);

/** A whole number within [min, max]: out-of-range values (1e30, NaN) never reach a query. */
export const boundedInt = (min: number, max: number) =>
  z.number({ error: "Expected a number." }).int().min(min).max(max);

/** Dates Postgres and JavaScript agree on: years 1970 to 9999 (given as a Date, an ISO string or ms). */
const MIN_DATE = Date.UTC(1970, 0, 1);
const MAX_DATE = Date.UTC(10000, 0, 1) - 1;
export const dateSchema = z.coerce
  .date({ error: "Expected a date, e.g. 2026-01-31T09:00:00Z." })
  .min(new Date(MIN_DATE), { error: "Use a date in the years 1970 to 9999." })
  .max(new Date(MAX_DATE), { error: "Use a date in the years 1970 to 9999." });

export const idSchema = z.uuid({ error: "Expected an id (a UUID)." });
export const nameSchema = textSchema.trim().min(1, { error: "A name is required." }).max(200);
export const descriptionSchema = boundedText(2000);
export const emailSchema = z.email({ error: "Expected an email address." }).max(254);
export const passwordSchema = textSchema
  .min(10, { error: "Use at least 10 characters for the password." })
  .max(256, { error: "Use at most 256 characters for the password." });
export const roleSchema = z.enum(Role);
export const e164Schema = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, { error: "Write the phone number with a + and its country code, like +14155550100." });
export const versionNumberSchema = boundedInt(1, 1_000_000);
/** A draft's revision counter (Postgres int). */
export const revisionSchema = boundedInt(1, 2_147_483_647);
export const pageLimitSchema = boundedInt(1, 200).default(50);
/** An opaque token from a link or a cookie: printable ASCII only. */
export const tokenSchema = z
  .string()
  .min(10)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, { error: "This token is malformed." });

/** The path (e.g. `nodes[3].label`) of the first string, key or value, Postgres cannot store. */
export function findUnstorableString(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path || "(the document)";
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableString(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return at;
      const found = findUnstorableString(item, at);
      if (found) return found;
    }
  }
  return null;
}

function parsedIfJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the service that reads it says so in its own words.
    return text;
  }
}

/** A JSON flow document (or file content) up to 2 MB once serialized, with storable strings at any depth. */
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const documentPayloadSchema = z
  .unknown()
  .refine(
    (value) =>
      value !== undefined &&
      (typeof value === "string" ? value : JSON.stringify(value)).length <= MAX_DOCUMENT_BYTES,
    { error: "The document is missing or larger than 2 MB." },
  )
  .superRefine((value, ctx) => {
    // File content given as text may hide NUL as the escape \u0000: check what it parses to as well.
    const at =
      findUnstorableString(value) ??
      (typeof value === "string" ? findUnstorableString(parsedIfJson(value)) : null);
    if (at)
      ctx.addIssue({
        code: "custom",
        message: `The document holds a NUL character or a broken (unpaired surrogate) character at ${at}; remove it.`,
      });
  });
