import { z } from "zod";
import { tokenSchema } from "../common.schema.ts";

export const confirmSignUpSchema = z.object({ token: tokenSchema });

export type ConfirmSignUpInput = z.infer<typeof confirmSignUpSchema>;
