import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { twilioRequestProblems } from "@ringflow/platform/testing/twilio-oai";
import { contactCenter } from "./contact-center.ts";
import { startFakeTwilio, type FakeAccount, type RecordedRequest } from "./fake-twilio.ts";
import { createHarness, type Harness } from "./harness.ts";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A Twilio account for the fake server, with one number. */
export function fakeTwilioAccount(numberE164: string): FakeAccount {
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

/**
 * For a test file: a fake Twilio and a harness whose API talks to it (hooks registered here), and contact
 * centers whose workspace has a Twilio account (auth token only) with the number +14155550100.
 */
export function twilioContactCenters() {
  const env = {} as { twilio: Awaited<ReturnType<typeof startFakeTwilio>>; h: Harness };
  beforeAll(async () => {
    env.twilio = await startFakeTwilio();
    env.h = createHarness({ twilioApiBaseUrl: env.twilio.url, runtimePublicUrl: "https://rt.example.com" });
  });
  afterAll(async () => {
    await env.h.close();
    await env.twilio.close();
  });

  async function center(label: string) {
    const cc = await contactCenter(env.h, label);
    const account = fakeTwilioAccount("+14155550100");
    env.twilio.addAccount(account);
    const provider = await cc.ws.caller.providers.create({
      kind: "TWILIO",
      name: "Twilio",
      twilio: { accountSid: account.sid, authToken: account.authToken },
    });
    await cc.ws.caller.numbers.importFromProvider({
      providerAccountId: provider.id,
      e164s: ["+14155550100"],
    });
    /** The requests made to this account, oldest first. */
    const requests = () =>
      env.twilio.requests.filter((r) => r.path.startsWith(`/2010-04-01/Accounts/${account.sid}/`));
    return { ...cc, account, provider, requests };
  }
  return { env, center };
}
