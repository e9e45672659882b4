import twilio from "twilio";
import type { Db } from "@ringflow/db";
import { CarrierAccounts, headerOf, type CarrierAccount, type CarrierWebhooks } from "./carrier.ts";

export interface TwilioAccount extends CarrierAccount {
  accountSid: string;
  authToken: string;
}

/** Twilio accounts by AccountSid, with their auth token opened once per TTL (webhooks arrive many per second). */
export class TwilioAccounts extends CarrierAccounts<TwilioAccount> {
  constructor(db: Db) {
    super(db, "TWILIO", (base, credentials) => ({
      ...base,
      accountSid: credentials.accountSid as string,
      authToken: credentials.authToken as string,
    }));
  }
}

/**
 * Twilio's X-Twilio-Signature check over the URL Twilio called, which is the configured public base URL plus
 * the path and query it requested (the runtime may sit behind a proxy that rewrites host and scheme).
 */
export function signatureIsValid(
  authToken: string,
  signature: string | undefined,
  publicUrl: string,
  pathAndQuery: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, publicUrl + pathAndQuery, params);
}

/** What Twilio sends, for tests and the benchmark that play Twilio. */
export function signRequest(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Twilio's webhooks: the AccountSid names the account, its auth token signs the URL and the form. */
export function twilioWebhooks(accounts: TwilioAccounts): CarrierWebhooks {
  return {
    provider: "TWILIO",
    prefix: "twilio",
    label: "Twilio",
    async authenticate(request, { params, url }) {
      const account = params.AccountSid ? await accounts.find(params.AccountSid) : null;
      const signature = headerOf(request, "x-twilio-signature");
      if (account && signature && twilio.validateRequest(account.authToken, signature, url, params))
        return { account };
      return { refused: "missing or invalid X-Twilio-Signature", accountKnown: !!account };
    },
  };
}
