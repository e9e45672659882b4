import { z } from "zod";
import { emailSchema, textSchema } from "../common.schema.ts";

// No length rules on sign-in beyond a sane bound: the password is checked, not judged.
export const signInSchema = z.object({ email: emailSchema, password: textSchema.min(1).max(256) });

export type SignInInput = z.infer<typeof signInSchema>;
