import { STATUS_CODES } from "node:http";
import { OutboundGuard, OutboundRefusedError } from "../net/outbound-guard.ts";

/** Where and as whom one tenant's Asterisk is reached over ARI. */
export interface AriAccess {
  /** ARI's base URL, ending in /ari. */
  ariBase: string;
  username: string;
  password: string;
}

/** The ARI base (…/ari) of a URL typed with or without it. */
export function ariBase(ariUrl: string): string {
  const trimmed = ariUrl.replace(/\/+$/, "");
  return trimmed.endsWith("/ari") ? trimmed : `${trimmed}/ari`;
}

/** The outbound guard refused the PBX's address (not allowed by PBX_ALLOW_NETWORKS, or not a host at all). */
export class AriHttpRefusedError extends Error {
  override name = "AriHttpRefusedError";
}

export interface AriHttpRequest {
  method: "GET" | "POST" | "DELETE";
  /** Under /ari: "/channels/{id}". */
  path: string;
  query?: Record<string, string>;
  /** A JSON body (originate's channel variables). */
  body?: Record<string, unknown>;
  maxBytes?: number;
  timeoutMs?: number;
  allowNetworks: readonly string[];
}

/**
 * One ARI request with the account's user, without a connection (the API, any runtime process or the jobs
 * process may send one: placing a call, ringing a queue's agents, fetching a recording), through the outbound
 * guard with PBX_ALLOW_NETWORKS as the runtime's connection is.
 */
export async function ariHttp(account: AriAccess, request: AriHttpRequest) {
  const guard = new OutboundGuard({ allow: request.allowNetworks });
  const auth = Buffer.from(`${account.username}:${account.password}`).toString("base64");
  const query = request.query ? `?${new URLSearchParams(request.query)}` : "";
  try {
    return await guard.requestBytes(`${account.ariBase}${request.path}${query}`, {
      method: request.method,
      headers: {
        authorization: `Basic ${auth}`,
        ...(request.body ? { "content-type": "application/json" } : {}),
      },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(request.timeoutMs ?? 120_000),
      maxResponseBytes: request.maxBytes ?? 64 * 1024,
    });
  } catch (error) {
    if (error instanceof OutboundRefusedError)
      throw new AriHttpRefusedError(`Ringflow may not reach this PBX: ${error.message}.`);
    throw error;
  }
}

/**
 * What Asterisk 22's description says its errors mean (channels.json's errorResponses), for the words of a
 * refusal: the body of an unknown server is not repeated.
 */
const ARI_REASONS: Record<number, string> = {
  400: "invalid parameters",
  401: "it refused the ARI user or password",
  404: "not found",
  409: "a channel with that id already exists",
  412: "the channel is not in a state to do that",
  422: "the endpoint is not known",
};

/** An ARI answer that was not a success (2xx). */
export class AriAnswerError extends Error {
  override name = "AriAnswerError";
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
  ) {
    super(
      `Asterisk answered ${status} ${ARI_REASONS[status] ?? STATUS_CODES[status] ?? ""}`.trim() +
        ` to ${method} ${path}`,
    );
  }
}

/** An ARI request whose answer is JSON (null when empty); anything but a 2xx throws AriAnswerError. */
export async function ariJson(account: AriAccess, request: AriHttpRequest): Promise<unknown> {
  const response = await ariHttp(account, request);
  if (response.status < 200 || response.status > 299)
    throw new AriAnswerError(response.status, request.method, request.path);
  return response.body.length ? (JSON.parse(response.body.toString("utf8")) as unknown) : null;
}

/** A channel originated into the account's Stasis application (POST /channels/{channelId}). */
export interface AriOriginate {
  channelId: string;
  /** A dial string: PJSIP/101, Local/+14155550100@from-internal. */
  endpoint: string;
  app: string;
  /** The Stasis arguments it enters the application with, comma-separated. */
  appArgs: string;
  callerId?: string | undefined;
  timeoutSeconds: number;
  /** The channel this one is made for (Asterisk links them); it must exist. */
  originator?: string | undefined;
  /** Channel variables (PJSIP_HEADER(add,…) to name our call in the INVITE). */
  variables?: Record<string, string> | undefined;
}

/** Asterisk rings an originated channel for at least this long and at most this long. */
const MIN_RING_SECONDS = 5;
const MAX_RING_SECONDS = 600;

/** Originates a channel over HTTP; its answer (the Down channel) or an AriAnswerError. */
export function ariOriginate(
  account: AriAccess,
  originate: AriOriginate,
  options: { allowNetworks: readonly string[]; timeoutMs?: number },
): Promise<unknown> {
  const timeout = Math.min(
    MAX_RING_SECONDS,
    Math.max(MIN_RING_SECONDS, Math.round(originate.timeoutSeconds)),
  );
  return ariJson(account, {
    method: "POST",
    path: `/channels/${encodeURIComponent(originate.channelId)}`,
    query: {
      endpoint: originate.endpoint,
      app: originate.app,
      appArgs: originate.appArgs,
      timeout: String(timeout),
      ...(originate.callerId ? { callerId: originate.callerId } : {}),
      ...(originate.originator ? { originator: originate.originator } : {}),
    },
    ...(originate.variables ? { body: { variables: originate.variables } } : {}),
    allowNetworks: options.allowNetworks,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

/**
 * How a phone number is dialled out of the tenant's PBX when no caller's context says how: the account's
 * outbound dial string, with `{number}` (the number with its +, `+14155550100`) or `{digits}` (without it).
 * The default goes through the PBX's own outbound routes as FreePBX names them.
 */
export const DEFAULT_OUTBOUND_DIAL = "Local/{number}@from-internal";

/** A SIP address or endpoint name as the PBX's PJSIP endpoint: `sip:101@pbx` and `101` are `PJSIP/101`. */
export const sipEndpoint = (address: string) =>
  `PJSIP/${
    address
      .trim()
      .replace(/^sips?:/, "")
      .split("@")[0] ?? address
  }`;

export function outboundEndpoint(rule: string | undefined, number: string): string {
  const dialled = number.replace(/[^\d+*#]/g, "");
  return (rule || DEFAULT_OUTBOUND_DIAL)
    .replaceAll("{number}", dialled)
    .replaceAll("{digits}", dialled.replace(/^\+/, ""));
}
