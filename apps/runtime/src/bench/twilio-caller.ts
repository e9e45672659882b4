import { randomBytes } from "node:crypto";
import { signRequest } from "../adapters/twilio/signature.ts";
import type { Session, Webhook } from "./load.ts";

/** Who Twilio says is calling whom; every webhook is signed with the account's auth token. */
export interface TwilioLine {
  publicUrl: string;
  accountSid: string;
  authToken: string;
  number: string;
}

export const newCallSid = () => `CA${randomBytes(16).toString("hex")}`;

/** A signed webhook to `url` (absolute, on the public URL) with Twilio's usual fields plus `extra`. */
export function webhook(
  line: TwilioLine,
  kind: string,
  url: string,
  callSid: string,
  extra: Record<string, string> = {},
  last = false,
): Webhook {
  const params: Record<string, string> = {
    AccountSid: line.accountSid,
    CallSid: callSid,
    From: "+14155550100",
    To: line.number,
    CallStatus: "in-progress",
    Direction: "inbound",
    ApiVersion: "2010-04-01",
    ...extra,
  };
  return {
    kind,
    path: url.slice(line.publicUrl.length),
    body: new URLSearchParams(params).toString(),
    signature: signRequest(line.authToken, url, params),
    last,
  };
}

export const voiceWebhook = (line: TwilioLine, callSid: string) =>
  webhook(line, "voice", `${line.publicUrl}/twilio/voice`, callSid, { CallStatus: "ringing" });

export const statusWebhook = (line: TwilioLine, callSid: string) =>
  webhook(
    line,
    "status",
    `${line.publicUrl}/twilio/status`,
    callSid,
    { CallStatus: "completed", CallDuration: "12" },
    true,
  );

/** The <Gather action> of an answer, as Twilio would call it; null when the answer gathers nothing. */
export function gatherAction(twiml: string): string | null {
  const match = /<Gather[^>]* action="([^"]+)"/.exec(twiml);
  return match ? (match[1] as string).replace(/&amp;/g, "&") : null;
}

/**
 * A caller making whole calls one after another, as Twilio drives them: the voice webhook, then the
 * answer's <Gather action> once per digit in `digits`, then the status callback (completed); then a new call
 * with a fresh CallSid. `calls` limits how many (default: no limit).
 */
export function wholeCalls(line: TwilioLine, digits: string[], calls = Infinity) {
  let callSid = "";
  let step = -1; // -1: no call yet; 0: voice sent; 1..n: gathers sent; n+1: status sent
  let action: string | null = null;
  let made = 0;
  const ended: string[] = [];
  const session: Session & { ended: string[] } = {
    ended,
    next() {
      if (step === -1 || step > digits.length) {
        if (made >= calls) return null;
        made++;
        callSid = newCallSid();
        step = 0;
        return voiceWebhook(line, callSid);
      }
      if (step < digits.length && action) {
        step++;
        return webhook(line, "gather", action, callSid, { Digits: digits[step - 1] as string });
      }
      step = digits.length + 1;
      return statusWebhook(line, callSid);
    },
    answered(ok, body) {
      if (step > digits.length && ok) ended.push(callSid);
      // A failed webhook ends the call here (Twilio would play its error and hang up).
      action = ok ? gatherAction(body) : null;
    },
  };
  return session;
}

/** Sessions that send one prepared webhook each. */
export const oneEach = (webhooks: Webhook[]): Session[] =>
  webhooks.map((w) => {
    let sent = false;
    return {
      next: () => (sent ? null : ((sent = true), w)),
      answered: () => {},
    };
  });
