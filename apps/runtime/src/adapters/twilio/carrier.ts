import type { FastifyRequest } from "fastify";
import { openCredentials, type Db, type ProviderKind } from "@ringflow/db";

/** The carriers that speak TwiML or a dialect of it; each has its webhooks under `/<prefix>/…`. */
export type TwimlProvider = Extract<ProviderKind, "TWILIO" | "SIGNALWIRE" | "TELNYX">;

/** The account a webhook acts for: its calls' keys name it, so it can touch no other account's calls. */
export interface CarrierAccount {
  id: string;
  tenantId: string;
  provider: TwimlProvider;
}

/** How one carrier's webhooks are told apart from forgeries; everything after that is the Twilio adapter's. */
export interface CarrierWebhooks {
  provider: TwimlProvider;
  /** `twilio`, `signalwire`, `telnyx`: the path prefix of its webhooks and of the action URLs in its answers. */
  prefix: string;
  /** The carrier's name in logs and refusals. */
  label: string;
  /**
   * The account whose signature the request carries, or why none: `params` is the parsed form, `rawBody` the
   * bytes as sent (Telnyx signs those), `url` the public URL the carrier called.
   */
  authenticate(
    request: FastifyRequest,
    input: { params: Record<string, string>; rawBody: string | undefined; url: string },
  ): Promise<{ account: CarrierAccount } | { refused: string; accountKnown: boolean }>;
}

/** How long opened credentials are reused; a rotated secret is picked up within this time. */
const SECRET_TTL_MS = 30_000;
const MAX_ACCOUNTS = 1000;

/**
 * A carrier's accounts by the identifier its webhooks carry (Twilio AccountSid, SignalWire project, Telnyx
 * TeXML application), with their secrets opened once per TTL: webhooks arrive many per second.
 */
export class CarrierAccounts<T extends CarrierAccount> {
  private readonly cache = new Map<string, { account: T | null; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly provider: T["provider"],
    private readonly open: (base: CarrierAccount, credentials: Record<string, string>) => T,
  ) {}

  async find(externalId: string): Promise<T | null> {
    const now = Date.now();
    const hit = this.cache.get(externalId);
    if (hit && hit.until > now) return hit.account;
    const row = await this.db.providerAccount.findUnique({
      where: { kind_externalId: { kind: this.provider, externalId } },
    });
    const account = row
      ? this.open(
          { id: row.id, tenantId: row.tenantId, provider: this.provider },
          openCredentials<Record<string, string>>(row),
        )
      : null;
    if (this.cache.size >= MAX_ACCOUNTS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(externalId, { account, until: now + SECRET_TTL_MS });
    return account;
  }
}

export const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === "string" ? value : undefined;
};
