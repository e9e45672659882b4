import twilio from "twilio";
import type { Db } from "@ringflow/db";
import { CarrierAccounts, headerOf, type CarrierAccount, type CarrierWebhooks } from "../twilio/carrier.ts";

interface SignalWireAccount extends CarrierAccount {
  /** The project's signing key, else its API token: what SignalWire signs webhooks with. */
  signingKey: string;
}

/**
 * SignalWire's webhooks: the AccountSid is the project ID, and X-SignalWire-Signature is Twilio's scheme
 * (HMAC-SHA1 over the URL and the sorted form) keyed by the project's signing key. SignalWire also sends
 * the same signature as X-Twilio-Signature for TwiML libraries; either is accepted, both are checked.
 */
export function signalWireWebhooks(db: Db): CarrierWebhooks {
  const accounts = new CarrierAccounts<SignalWireAccount>(db, "SIGNALWIRE", (base, credentials) => ({
    ...base,
    signingKey: (credentials.signingKey || credentials.apiToken) as string,
  }));
  return {
    provider: "SIGNALWIRE",
    prefix: "signalwire",
    label: "SignalWire",
    async authenticate(request, { params, url }) {
      const account = params.AccountSid ? await accounts.find(params.AccountSid) : null;
      const signatures = ["x-signalwire-signature", "x-twilio-signature"]
        .map((name) => headerOf(request, name))
        .filter((value): value is string => !!value);
      if (
        account &&
        signatures.length &&
        signatures.every((signature) => twilio.validateRequest(account.signingKey, signature, url, params))
      )
        return { account };
      return { refused: "missing or invalid X-SignalWire-Signature", accountKnown: !!account };
    },
  };
}
