import { z } from "zod";
import { boundedText, textSchema } from "../common.schema.ts";

const secret = (label: string) => textSchema.min(1, { error: `${label} is required.` }).max(500);

export const twilioCredentialsSchema = z.object({
  accountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, { error: "An Account SID is AC followed by 32 hex digits." }),
  authToken: secret("The Auth Token"),
  apiKeySid: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, { error: "An API key SID is SK followed by 32 hex digits." })
    .optional(),
  apiKeySecret: secret("The API key secret").optional(),
});

export const asteriskCredentialsSchema = z.object({
  ariUrl: z
    .url({ protocol: /^https?$/, error: "The ARI URL looks like http://pbx.example.com:8088." })
    .max(500)
    .refine((url) => !new URL(url).username, {
      error: "Put the ARI user and password in their own fields, not in the URL.",
    }),
  username: boundedText(200).min(1),
  password: secret("The ARI password"),
  applicationName: z.string().regex(/^[\w.-]{1,100}$/, {
    error: "The ARI application name may hold letters, digits, dots, dashes and underscores.",
  }),
});
