import { STATUS_CODES } from "node:http";
import { z } from "zod";
import {
  AriAnswerError,
  ariBase,
  AriHttpRefusedError,
  ariOriginate,
  OutboundGuard,
  OutboundRefusedError,
  type AriOriginate,
  type ResolveHost,
} from "@ringflow/platform";
import { CarrierRestError, type HealthContext } from "@ringflow/platform/carrier-rest";

export interface AsteriskCredentials {
  /** Where ARI listens, e.g. http://pbx.example.com:8088 (with or without the trailing /ari). */
  ariUrl: string;
  username: string;
  password: string;
  applicationName: string;
  /**
   * How outbound calls leave the PBX: a dial string with `{number}` (with its +) or `{digits}` in it, e.g.
   * `PJSIP/{digits}@carrier`; without one, `Local/{number}@from-internal` (DEFAULT_OUTBOUND_DIAL).
   */
  outboundDialString?: string;
  /** The desktop's browser phones on this PBX, when turned on (browser-phones.ts). */
  browserPhones?: BrowserPhones;
}

/** Where browsers register (SIP over WSS), their STUN/TURN servers, and the secret agents' passwords come from. */
export interface BrowserPhones {
  wssUrl: string;
  iceServers: { urls: string; username?: string; credential?: string }[];
  /** Each agent's SIP password is derived from it and the agent's extension (agentSipPassword). */
  agentSecret: string;
}

/** What a client may see of the browser phone settings: never the TURN passwords or the agents' secret. */
export function visibleBrowserPhones(phones: BrowserPhones) {
  return {
    wssUrl: phones.wssUrl,
    iceServers: phones.iceServers.map((s) => ({
      urls: s.urls,
      username: s.username ?? null,
      hasCredential: !!s.credential,
    })),
  };
}

/** How far "Test connection" may reach: tenants' PBXs on private networks only when the operator says so. */
export interface AsteriskReach {
  /** PBX_ALLOW_NETWORKS: CIDR networks and host[:port] entries allowed although private or local. */
  allowNetworks?: readonly string[];
  resolve?: ResolveHost;
}

export { ariBase };

// What we repeat of ARI's AsteriskInfo: short labels only, so whatever server a tenant points us at
// cannot make the answer carry its documents.
const label = z.string().regex(/^[\w.+~:()/ -]{1,80}$/);
const asteriskInfoSchema = z.object({
  system: z.object({ version: label }),
  config: z
    .object({ name: label.optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

const MAX_INFO_BYTES = 64 * 1024;

/** GET /ari/asterisk/info with the ARI user: proves the URL, the credentials and that ARI is enabled. */
export async function fetchAsteriskInfo(
  credentials: AsteriskCredentials,
  reach: AsteriskReach = {},
): Promise<{ ok: boolean; message: string }> {
  const url = `${ariBase(credentials.ariUrl)}/asterisk/info`;
  const guard = new OutboundGuard({
    allow: reach.allowNetworks ?? [],
    ...(reach.resolve ? { resolve: reach.resolve } : {}),
  });
  let response: { status: number; body: string };
  try {
    response = await guard.request(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
        accept: "application/json",
      },
      signal: AbortSignal.timeout(10_000),
      maxResponseBytes: MAX_INFO_BYTES,
    });
  } catch (error) {
    if (error instanceof OutboundRefusedError)
      return {
        ok: false,
        message:
          error.reason === "address"
            ? `Ringflow may not connect to ${url}: ${error.message}. If your PBX is on a private network, ask your Ringflow operator to allow it (PBX_ALLOW_NETWORKS).`
            : `Could not reach Asterisk at ${url}: ${error.message}.`,
      };
    const cause = (error as { cause?: { code?: string; message?: string }; message?: string }).cause;
    return {
      ok: false,
      message: `Could not reach Asterisk at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    };
  }
  if (response.status === 401)
    return {
      ok: false,
      message: "Asterisk refused the ARI user or password (401 Unauthorized); check ari.conf.",
    };
  // The status line only: the body (and the reason phrase) of an unknown server is not ours to echo.
  if (response.status < 200 || response.status > 299)
    return {
      ok: false,
      message: `Asterisk answered ${response.status} ${STATUS_CODES[response.status] ?? ""}`.trim() + ".",
    };
  const info = asteriskInfoSchema.safeParse(parseJson(response.body));
  if (!info.success)
    return {
      ok: false,
      message: `The server at ${url} answered, but not as Asterisk's ARI does; check the ARI URL.`,
    };
  const name = info.data.config?.name;
  return {
    ok: true,
    message: `Connected to Asterisk ${info.data.system.version}${name ? ` (${name})` : ""}.`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What the API originates on a tenant's Asterisk: the channel, where it rings and how it enters Stasis. */
export type AsteriskPlacement = Omit<AriOriginate, "app" | "timeoutSeconds">;

/** How long an outbound call rings on the PBX before it is given up, as Twilio's default. */
const OUTBOUND_RING_SECONDS = 60;
const ORIGINATE_TIMEOUT_MS = 10_000;

/**
 * Places a call on the tenant's Asterisk: POST /channels/{id} into the account's Stasis application, through
 * the same guard and allow-list as "Test connection". The request counts in the account's health; a refusal
 * is a CarrierRestError (no answer or the PBX's own failure is worth the backup account, a 4xx is not).
 */
export async function originateAsteriskCall(
  credentials: AsteriskCredentials,
  placement: AsteriskPlacement,
  reach: AsteriskReach,
  context: HealthContext,
): Promise<{ sid: string }> {
  const account = {
    ariBase: ariBase(credentials.ariUrl),
    username: credentials.username,
    password: credentials.password,
  };
  const started = performance.now();
  const record = (ok: boolean) =>
    context.health && context.accountId
      ? context.health
          .record(context.accountId, { channel: "rest", ok, latencyMs: performance.now() - started })
          .catch(() => undefined)
      : undefined;
  try {
    await ariOriginate(
      account,
      { ...placement, app: credentials.applicationName, timeoutSeconds: OUTBOUND_RING_SECONDS },
      { allowNetworks: reach.allowNetworks ?? [], timeoutMs: ORIGINATE_TIMEOUT_MS },
    );
  } catch (error) {
    const refusal = asteriskRefusal(error, account.ariBase);
    await record(!refusal.retryable);
    throw refusal;
  }
  await record(true);
  return { sid: placement.channelId };
}

function asteriskRefusal(error: unknown, base: string): CarrierRestError {
  if (error instanceof AriAnswerError)
    return new CarrierRestError("Asterisk", error.status, `${error.message}.`);
  if (error instanceof AriHttpRefusedError)
    return new CarrierRestError(
      "Asterisk",
      0,
      `${error.message} If your PBX is on a private network, ask your Ringflow operator to allow it (PBX_ALLOW_NETWORKS).`,
    );
  const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
  return new CarrierRestError(
    "Asterisk",
    0,
    `Could not reach Asterisk at ${base}: ${UNREACHABLE[code] ?? "the network between Ringflow and the PBX failed"}.`,
  );
}

// Network failures in words an admin can act on.
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: "the connection was refused (is Asterisk's web server on, and its port open to Ringflow?)",
  ENOTFOUND: "its address cannot be looked up",
  EAI_AGAIN: "its address cannot be looked up",
  ECONNRESET: "the connection was cut",
  ETIMEDOUT: "it did not answer in time",
  TimeoutError: "it did not answer in time",
  EHOSTUNREACH: "the network cannot reach it",
  ENETUNREACH: "the network cannot reach it",
};
