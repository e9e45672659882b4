import type { KeyObject } from "node:crypto";
import type { Db } from "@ringflow/db";
import { CarrierAccounts, headerOf, type CarrierAccount, type CarrierWebhooks } from "../twilio/carrier.ts";
import { ed25519PublicKey, ed25519Valid } from "./ed25519.ts";

interface TelnyxAccount extends CarrierAccount {
  publicKey: KeyObject;
}

/** Telnyx refuses to rely on a signature older than this (its SDKs use the same tolerance). */
export const TELNYX_TIMESTAMP_TOLERANCE_S = 300;

/**
 * Telnyx's TeXML webhooks: the ConnectionId names the TeXML application (the account's external id), and
 * `telnyx-signature-ed25519` signs `${telnyx-timestamp}|${raw body}` with Telnyx's key, checked against the
 * account's public key. A timestamp more than 5 minutes away is refused: a captured request cannot be
 * replayed later (an identical one within the window is answered as the first was, like Twilio's retries).
 */
export function telnyxWebhooks(db: Db, now: () => number = Date.now): CarrierWebhooks {
  const accounts = new CarrierAccounts<TelnyxAccount>(db, "TELNYX", (base, credentials) => ({
    ...base,
    publicKey: ed25519PublicKey(credentials.publicKey as string),
  }));
  return {
    provider: "TELNYX",
    prefix: "telnyx",
    label: "Telnyx",
    async authenticate(request, { params, rawBody }) {
      const account = params.ConnectionId ? await accounts.find(params.ConnectionId) : null;
      const signature = headerOf(request, "telnyx-signature-ed25519");
      const timestamp = headerOf(request, "telnyx-timestamp");
      if (!account || !signature || !timestamp || rawBody === undefined)
        return { refused: "missing telnyx-signature-ed25519 or telnyx-timestamp", accountKnown: !!account };
      if (
        !/^\d{1,12}$/.test(timestamp) ||
        Math.abs(now() / 1000 - Number(timestamp)) > TELNYX_TIMESTAMP_TOLERANCE_S
      )
        return { refused: "telnyx-timestamp is more than 5 minutes away", accountKnown: true };
      if (!ed25519Valid(account.publicKey, timestamp, rawBody, signature))
        return { refused: "invalid telnyx-signature-ed25519", accountKnown: true };
      return { account };
    },
  };
}
