import { randomBytes } from "node:crypto";
import { twilioRequestProblems } from "@ringflow/platform/testing/twilio-oai";
import type { RecordedRequest } from "./fake-twilio.ts";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A Twilio account for the fake server, with one number. */
export function fakeTwilioAccount(numberE164: string) {
  return {
    sid: `AC${hex(16)}`,
    authToken: `token-${hex(8)}`,
    numbers: [{ sid: `PN${hex(16)}`, phoneNumber: numberE164, friendlyName: "Main line" }],
  };
}

/** What Twilio's API description says about a recorded request (empty: it conforms). */
export function requestProblems(request: RecordedRequest): string[] {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(request.form))
    for (const item of ([] as string[]).concat(value)) body.append(key, item);
  return twilioRequestProblems(request.method, request.path, body.toString());
}
