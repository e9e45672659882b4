import { z } from "zod";
import { boundedText, idSchema, textSchema } from "../common.schema.ts";

/** A STUN or TURN server the browser phones use to reach the PBX from outside its network. */
export const iceServerSchema = z.object({
  urls: z
    .string()
    .trim()
    .max(300)
    .regex(/^(stun|turns?):[^\s/]+$/, {
      error: "A STUN or TURN server looks like stun:stun.example.com:3478 or turn:turn.example.com:3478.",
    }),
  username: boundedText(200).optional(),
  /** Left out: the password stored for the same server stays. */
  credential: textSchema.max(500).optional(),
});

export const browserPhonesSchema = z.object({
  wssUrl: z
    .url({
      protocol: /^wss$/,
      error: "The browser phones' address looks like wss://pbx.example.com:8089/ws.",
    })
    .max(500),
  iceServers: z.array(iceServerSchema).max(5, { error: "At most 5 STUN or TURN servers." }).default([]),
});

export const setBrowserPhonesSchema = z.object({
  id: idSchema,
  /** null: the desktop's browser phone goes back to Twilio (when the workspace has it). */
  browserPhones: browserPhonesSchema.nullable(),
});

export type BrowserPhonesInput = z.infer<typeof browserPhonesSchema>;
