import { Pool } from "undici";
import * as z from "zod";
import { ariChannelSchema, type AriChannel } from "./ari-events.ts";

export interface RecordOptions {
  name: string;
  maxDurationSeconds: number;
  maxSilenceSeconds?: number;
  beep?: boolean;
  /** DTMF that ends it: none, any, * or #. */
  terminateOn?: "none" | "any" | "*" | "#";
}

export interface OriginateOptions {
  channelId: string;
  endpoint: string;
  appArgs: string;
  callerId?: string;
  timeoutSeconds: number;
  /** The channel this one is for (Asterisk links them for CDRs and codecs). */
  originator?: string;
}

/**
 * The ARI operations the adapter performs (each one exists in Asterisk 22's description with these
 * parameters; the contract test checks it), on one connection's Stasis application.
 */
export interface AriRest {
  readonly app: string;
  answer(channelId: string): Promise<void>;
  /** Ringing to the channel (tones Asterisk makes on an answered channel) while a leg it waits for rings. */
  ring(channelId: string): Promise<void>;
  ringStop(channelId: string): Promise<void>;
  play(channelId: string, playbackId: string, media: string[]): Promise<void>;
  /** A playback's state (queued, playing, paused, …), or null once it is gone (finished, stopped, never made). */
  playbackState(playbackId: string): Promise<string | null>;
  stopPlayback(playbackId: string): Promise<void>;
  hangup(channelId: string, reason?: "normal" | "busy" | "no_answer"): Promise<void>;
  originate(options: OriginateOptions): Promise<void>;
  createBridge(bridgeId: string, type: "mixing" | "holding"): Promise<void>;
  addToBridge(bridgeId: string, channelIds: string[]): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  recordChannel(channelId: string, options: RecordOptions): Promise<void>;
  recordBridge(bridgeId: string, options: RecordOptions): Promise<void>;
  stopRecording(name: string): Promise<void>;
  snoop(channelId: string, snoopId: string, appArgs: string): Promise<void>;
  startMoh(channelId: string, mohClass: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  startBridgeMoh(bridgeId: string, mohClass: string): Promise<void>;
  /** The channels in this application (a takeover continues them). */
  channels(): Promise<AriChannel[]>;
  /**
   * Asterisk sends the application only events of these types (PUT /applications/{app}/eventFilter, Asterisk
   * 13.26 and 16.3 on): a channel's variable changes, dialplan steps and state changes never cross the network.
   */
  filterEvents(types: readonly string[]): Promise<void>;
}

const recordParams = (options: RecordOptions) => ({
  name: options.name,
  format: "wav",
  maxDurationSeconds: String(Math.ceil(options.maxDurationSeconds)),
  ...(options.maxSilenceSeconds !== undefined
    ? { maxSilenceSeconds: String(options.maxSilenceSeconds) }
    : {}),
  ...(options.beep !== undefined ? { beep: String(options.beep) } : {}),
  terminateOn: options.terminateOn ?? "none",
  ifExists: "overwrite",
});

/** Asterisk answered an ARI request with an error status. */
export class AriRequestError extends Error {
  override name = "AriRequestError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AriRestOptions {
  /** The account's checked address (checkedAriBase): ARI is under its /ari. */
  base: string;
  username: string;
  password: string;
  app: string;
  /** Keep-alive connections at most (DEFAULT_CONNECTIONS by default). */
  connections?: number;
}

/**
 * Kept-alive connections to one PBX at most: below what Asterisk serves at once (http.conf sessionlimit, 100 by
 * default; the events WebSocket is one of them), so a burst of call starts waits for a connection instead of
 * being refused one. Asterisk serves each connection on a thread of its own, so a burst still spreads out.
 */
const DEFAULT_CONNECTIONS = 64;

const REQUEST_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const seg = encodeURIComponent;

/**
 * AriRest over ARI's HTTP API on one pool of keep-alive connections per PBX connection: a prompt or a stop
 * on the hot path is one request on an open socket, with the Basic credentials encoded once (ari-client's
 * generated operations go through swagger-client for every request). The WebSocket stays ari-client's.
 */
export function ariRest(options: AriRestOptions): AriRest & { close(): Promise<void> } {
  const { app } = options;
  const origin = new URL(options.base);
  const prefix = `${origin.pathname.replace(/\/+$/, "")}/ari`;
  const pool = new Pool(origin.origin, {
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    // Below Asterisk's own idle limit (http.conf session_keep_alive, 15 s by default): a request never goes out
    // on a socket Asterisk is closing.
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 10_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;

  /** A request's successful response (its body unread), else an AriRequestError. */
  async function send(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    query?: Record<string, string>,
    body?: unknown,
  ) {
    const search = query ? `?${new URLSearchParams(query)}` : "";
    const response = await pool.request({
      method,
      path: `${prefix}${path}${search}`,
      headers: {
        authorization,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (response.statusCode >= 200 && response.statusCode <= 299) return response;
    const text = await readText(response.body);
    throw new AriRequestError(
      response.statusCode,
      `ARI ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`,
    );
  }
  // What Asterisk answers a command with (the playback, the bridge) is not used: it is read past, not decoded.
  const post = (path: string, query?: Record<string, string>, body?: unknown) =>
    send("POST", path, query, body).then((response) => response.body.dump());
  const remove = (path: string, query?: Record<string, string>) =>
    send("DELETE", path, query).then((response) => response.body.dump());
  const get = (path: string) => send("GET", path).then((response) => readText(response.body));

  return {
    app,
    answer: (channelId) => post(`/channels/${seg(channelId)}/answer`),
    ring: (channelId) => post(`/channels/${seg(channelId)}/ring`),
    ringStop: (channelId) => remove(`/channels/${seg(channelId)}/ring`),
    play: (channelId, playbackId, media) =>
      post(`/channels/${seg(channelId)}/play/${seg(playbackId)}`, { media: media.join(",") }),
    playbackState: async (playbackId) => {
      try {
        const text = await get(`/playbacks/${seg(playbackId)}`);
        return playbackSchema.parse(JSON.parse(text)).state;
      } catch (error) {
        if (error instanceof AriRequestError && error.status === 404) return null;
        throw error;
      }
    },
    stopPlayback: (playbackId) => remove(`/playbacks/${seg(playbackId)}`),
    hangup: (channelId, reason) => remove(`/channels/${seg(channelId)}`, reason ? { reason } : undefined),
    originate: (o) =>
      post(`/channels/${seg(o.channelId)}`, {
        endpoint: o.endpoint,
        app,
        appArgs: o.appArgs,
        timeout: String(Math.ceil(o.timeoutSeconds)),
        ...(o.callerId ? { callerId: o.callerId } : {}),
        ...(o.originator ? { originator: o.originator } : {}),
      }),
    createBridge: (bridgeId, type) => post(`/bridges/${seg(bridgeId)}`, { type }),
    addToBridge: (bridgeId, channelIds) =>
      post(`/bridges/${seg(bridgeId)}/addChannel`, { channel: channelIds.join(",") }),
    destroyBridge: (bridgeId) => remove(`/bridges/${seg(bridgeId)}`),
    recordChannel: (channelId, o) => post(`/channels/${seg(channelId)}/record`, recordParams(o)),
    recordBridge: (bridgeId, o) => post(`/bridges/${seg(bridgeId)}/record`, recordParams(o)),
    stopRecording: (name) => post(`/recordings/live/${seg(name)}/stop`),
    snoop: (channelId, snoopId, appArgs) =>
      post(`/channels/${seg(channelId)}/snoop/${seg(snoopId)}`, { spy: "both", app, appArgs }),
    startMoh: (channelId, mohClass) => post(`/channels/${seg(channelId)}/moh`, { mohClass }),
    stopMoh: (channelId) => remove(`/channels/${seg(channelId)}/moh`),
    startBridgeMoh: (bridgeId, mohClass) => post(`/bridges/${seg(bridgeId)}/moh`, { mohClass }),
    channels: async () => {
      // The application knows its channels; GET /channels lists every channel of the PBX.
      const [application, all] = await Promise.all([
        get(`/applications/${seg(app)}`).then((text) => applicationSchema.parse(JSON.parse(text))),
        get("/channels").then((text) => z.array(z.unknown()).parse(JSON.parse(text))),
      ]);
      const ours = new Set(application.channel_ids);
      return all.flatMap((raw) => {
        const parsed = ariChannelSchema.safeParse(raw);
        return parsed.success && ours.has(parsed.data.id) ? [parsed.data] : [];
      });
    },
    filterEvents: (types) =>
      send("PUT", `/applications/${seg(app)}/eventFilter`, undefined, {
        allowed: types.map((type) => ({ type })),
      }).then((response) => response.body.dump()),
    close: () => pool.close(),
  };
}

const applicationSchema = z.object({ channel_ids: z.array(z.string()) });
const playbackSchema = z.object({ state: z.string() });

/** A response body as text, at most MAX_RESPONSE_BYTES (a PBX listing more channels than that is cut off). */
async function readText(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) throw new Error("ARI answered more than 4 MiB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
