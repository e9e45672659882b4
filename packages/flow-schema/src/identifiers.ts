import * as z from "zod";

/** Node ids and variable names appear in Liquid paths (`nodes.mainMenu.digits`), so they must be identifiers. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const identifierSchema = z
  .string()
  .regex(IDENTIFIER, { error: "Use letters, digits and underscores only, starting with a letter." });

export const languageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "Use a language tag such as en-US or es-MX." });
