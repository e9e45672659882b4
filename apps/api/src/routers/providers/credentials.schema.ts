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
  /** How outbound calls leave the PBX, e.g. `PJSIP/{digits}@carrier` (outboundEndpoint). */
  outboundDialString: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z][\w-]*\/[^\s,&]*\{(number|digits)\}[^\s,&]*$/, {
      error:
        "The outbound dial string looks like Local/{number}@from-internal or PJSIP/{digits}@your-trunk: a technology, a slash, and {number} (the number with its +) or {digits} (without it) where the number goes.",
    })
    .optional(),
});

/** `acme.signalwire.com`, also accepted with https:// or a trailing slash, stored as the host name. */
const signalWireSpace = z
  .string()
  .trim()
  .transform((value) =>
    value
      .replace(/^https?:\/\//i, "")
      .replace(/\/+$/, "")
      .toLowerCase(),
  )
  .pipe(
    z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}\.signalwire\.com$/, {
      error: "The space address looks like your-company.signalwire.com.",
    }),
  );

export const signalWireCredentialsSchema = z.object({
  spaceUrl: signalWireSpace,
  projectId: z.uuid({ error: "The project ID looks like 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d." }),
  apiToken: secret("The API token"),
  signingKey: secret("The signing key").optional(),
});

/** An Ed25519 public key as Telnyx shows it: 32 bytes in base64. */
const ed25519PublicKey = z
  .string()
  .trim()
  .refine((value) => /^[A-Za-z0-9+/]{43}=?$/.test(value) && Buffer.from(value, "base64").length === 32, {
    error: "The public key is the 44-character text Telnyx shows under Keys & Credentials → Public Key.",
  });

export const telnyxCredentialsSchema = z.object({
  apiKey: secret("The API key"),
  applicationId: z.string().regex(/^\d{6,30}$/, { error: "The TeXML application ID is a long number." }),
  publicKey: ed25519PublicKey,
});
