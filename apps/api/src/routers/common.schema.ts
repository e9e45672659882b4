import { z } from "zod";
import { Role } from "@ringflow/db";

export const idSchema = z.uuid({ error: "Expected an id (a UUID)." });
export const nameSchema = z.string().trim().min(1, { error: "A name is required." }).max(200);
export const descriptionSchema = z.string().max(2000);
export const emailSchema = z.email({ error: "Expected an email address." }).max(254);
export const passwordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters for the password." })
  .max(256, { error: "Use at most 256 characters for the password." });
export const roleSchema = z.enum(Role);
export const e164Schema = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, { error: "Write the number in E.164 form, e.g. +14155550100." });
export const versionNumberSchema = z.number().int().min(1).max(1_000_000);
export const pageLimitSchema = z.number().int().min(1).max(200).default(50);

/** A JSON flow document (or file content) up to 2 MB once serialized. */
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const documentPayloadSchema = z
  .unknown()
  .refine(
    (value) =>
      value !== undefined &&
      (typeof value === "string" ? value : JSON.stringify(value)).length <= MAX_DOCUMENT_BYTES,
    { error: "The document is missing or larger than 2 MB." },
  );
