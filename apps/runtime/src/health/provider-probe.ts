import { randomUUID } from "node:crypto";
import { openCredentials, type Db } from "@ringflow/db";
import {
  ariBase,
  ariJson,
  AriAnswerError,
  type Logger,
  type ProviderHealth,
  type Redis,
} from "@ringflow/platform";
import {
  basicAuth,
  carrierRequest,
  CarrierRestError,
  type CarrierRequest,
  type HealthContext,
} from "@ringflow/platform/carrier-rest";

/** How often a down account is asked again whether it works (every runtime process offers; one asks). */
export const PROBE_EVERY_MS = 15_000;
const LOCK_KEY = "provider-probe:lock";
/** Down accounts probed per round at most (a carrier-wide outage marks many down at once). */
const MAX_PER_ROUND = 50;
const TELNYX_API = "https://api.telnyx.com/v2";

export interface ProviderProbeDeps {
  db: Db;
  /** Prefixed with the deployment's key prefix (the lock is the deployment's). */
  redis: Redis;
  health: ProviderHealth;
  logger: Pick<Logger, "warn">;
  twilioApiBaseUrl: string;
  signalWireApiBaseUrl?: string | null | undefined;
  telnyxApiBaseUrl?: string | null | undefined;
  /** PBX_ALLOW_NETWORKS: Asterisk accounts are probed through the outbound guard, as every ARI request is. */
  pbxAllowNetworks?: readonly string[] | undefined;
}

/**
 * The cheap authenticated GET that tells whether a carrier account works: Twilio's and SignalWire's account
 * resource, Telnyx's TeXML application. Null: not a carrier's REST API (Asterisk is asked over ARI below).
 */
function probeRequest(
  deps: ProviderProbeDeps,
  kind: string,
  credentials: Record<string, string>,
): CarrierRequest | null {
  switch (kind) {
    case "TWILIO":
      return {
        carrier: "Twilio",
        method: "GET",
        url: `${deps.twilioApiBaseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid ?? "")}.json`,
        headers: { authorization: basicAuth(credentials.accountSid ?? "", credentials.authToken ?? "") },
      };
    case "SIGNALWIRE": {
      const origin = (deps.signalWireApiBaseUrl ?? `https://${credentials.spaceUrl}`).replace(/\/+$/, "");
      return {
        carrier: "SignalWire",
        method: "GET",
        url: `${origin}/api/laml/2010-04-01/Accounts/${encodeURIComponent(credentials.projectId ?? "")}.json`,
        headers: { authorization: basicAuth(credentials.projectId ?? "", credentials.apiToken ?? "") },
      };
    }
    case "TELNYX":
      return {
        carrier: "Telnyx",
        method: "GET",
        url: `${(deps.telnyxApiBaseUrl ?? TELNYX_API).replace(/\/+$/, "")}/texml_applications/${encodeURIComponent(credentials.applicationId ?? "")}`,
        headers: { authorization: `Bearer ${credentials.apiKey ?? ""}` },
      };
    default:
      return null;
  }
}

const ASTERISK_PROBE_TIMEOUT_MS = 10_000;

/**
 * Asterisk's cheap authenticated GET: /ari/asterisk/info through the outbound guard with PBX_ALLOW_NETWORKS,
 * counted in the account's health as a carrier's REST request is (an answer below 500 means the PBX works).
 */
async function probeAsterisk(
  credentials: Record<string, string>,
  allowNetworks: readonly string[],
  context: Required<Pick<HealthContext, "health" | "accountId">>,
): Promise<void> {
  const started = performance.now();
  const record = (ok: boolean) =>
    context.health
      .record(context.accountId, { channel: "rest", ok, latencyMs: performance.now() - started, probe: true })
      .catch(() => undefined);
  const base = ariBase(credentials.ariUrl ?? "");
  try {
    await ariJson(
      { ariBase: base, username: credentials.username ?? "", password: credentials.password ?? "" },
      { method: "GET", path: "/asterisk/info", allowNetworks, timeoutMs: ASTERISK_PROBE_TIMEOUT_MS },
    );
  } catch (error) {
    const refusal =
      error instanceof AriAnswerError
        ? new CarrierRestError("Asterisk", error.status, `${error.message}.`)
        : new CarrierRestError(
            "Asterisk",
            0,
            `Could not reach Asterisk at ${base}: ${(error as Error).message}`,
          );
    await record(!refusal.retryable);
    throw refusal;
  }
  await record(true);
}

/**
 * Brings back accounts marked down (5 failed requests in 60 s): each round, one runtime process (a Redis lock
 * held for the round) asks every down account's carrier the probe's GET, counted as a probe in its health, so
 * a success marks it up and outbound calls use it again. A failure leaves it down for the next round.
 */
export class ProviderProbe {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly owner = randomUUID();

  constructor(private readonly deps: ProviderProbeDeps) {}

  start(everyMs = PROBE_EVERY_MS): void {
    this.timer = setInterval(() => void this.round(everyMs).catch(() => undefined), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One round if no other process (nor this one) is running one; how many accounts it probed. */
  round(lockMs = PROBE_EVERY_MS): Promise<number> {
    this.running ??= this.locked(lockMs).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async locked(lockMs: number): Promise<number> {
    const { redis } = this.deps;
    if ((await redis.set(LOCK_KEY, this.owner, "PX", lockMs, "NX")) !== "OK") return 0;
    try {
      return await this.probeDown();
    } finally {
      // Released only if still ours (a round longer than the lock may have passed it on).
      if ((await redis.get(LOCK_KEY)) === this.owner) await redis.del(LOCK_KEY);
    }
  }

  private async probeDown(): Promise<number> {
    const { db, health } = this.deps;
    const ids = await health.downAccounts(MAX_PER_ROUND);
    if (!ids.length) return 0;
    const rows = await db.providerAccount.findMany({ where: { id: { in: ids } } });
    let probed = 0;
    await Promise.all(
      rows.map(async (row) => {
        const credentials = openCredentials<Record<string, string>>(row);
        const request = probeRequest(this.deps, row.kind, credentials);
        const asked = request
          ? carrierRequest(request, { health, accountId: row.id, probe: true })
          : row.kind === "ASTERISK"
            ? probeAsterisk(credentials, this.deps.pbxAllowNetworks ?? [], { health, accountId: row.id })
            : null;
        if (!asked) return;
        probed++;
        await asked.catch((error: unknown) =>
          this.deps.logger.warn(
            { providerAccountId: row.id, reason: (error as Error).message },
            "a provider account marked down is still not answering",
          ),
        );
      }),
    );
    return probed;
  }
}
