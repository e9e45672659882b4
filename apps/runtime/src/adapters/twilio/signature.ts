import twilio from "twilio";
import { openCredentials, type Db } from "@ringflow/db";

export interface TwilioAccount {
  id: string;
  tenantId: string;
  accountSid: string;
  authToken: string;
}

/** How long an opened auth token is reused; a rotated token is picked up within this time. */
const TOKEN_TTL_MS = 30_000;
const MAX_ACCOUNTS = 1000;

/** Twilio accounts by AccountSid, with their auth token opened once per TTL (webhooks arrive many per second). */
export class TwilioAccounts {
  private readonly cache = new Map<string, { account: TwilioAccount | null; until: number }>();

  constructor(private readonly db: Db) {}

  async find(accountSid: string): Promise<TwilioAccount | null> {
    const now = Date.now();
    const hit = this.cache.get(accountSid);
    if (hit && hit.until > now) return hit.account;
    const row = await this.db.providerAccount.findUnique({
      where: { kind_externalId: { kind: "TWILIO", externalId: accountSid } },
    });
    let account: TwilioAccount | null = null;
    if (row) {
      const { authToken } = openCredentials<{ accountSid: string; authToken: string }>(row);
      account = { id: row.id, tenantId: row.tenantId, accountSid, authToken };
    }
    if (this.cache.size >= MAX_ACCOUNTS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(accountSid, { account, until: now + TOKEN_TTL_MS });
    return account;
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
