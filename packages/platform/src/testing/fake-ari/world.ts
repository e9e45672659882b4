import { EventHub } from "./events.ts";
import { asteriskTime } from "./time.ts";

export type FakeAriOptions = {
  username?: string;
  password?: string;
  /** The application callIn sends channels to when it names none. */
  app?: string;
  /** How long one medium of a playback lasts before it finishes (ms); default 50. */
  playbackMs?: number | ((mediaUri: string) => number);
  /** Names `sound:<name>` may use; any other plays and ends in state "failed" as on Asterisk. */
  sounds?: string[];
  /** How many real milliseconds one second lasts for timeouts and durations (originate timeout, max recording). */
  secondsMs?: number;
  /** Endpoints GET /endpoints lists (PJSIP/6001 and PJSIP/6002 by default). */
  endpoints?: { technology: string; resource: string; state?: "online" | "offline" | "unknown" }[];
  asteriskId?: string;
  /** Fetch `sound:http(s)://…` media before playing them, failing the playback when that fails (default true). */
  fetchMedia?: boolean;
};

export type MediaFetch = { url: string; status: number; contentType: string; bytes: number; error?: string };

export type ChannelState = "Down" | "Ring" | "Ringing" | "Up" | "Busy";
export type CallerId = { name: string; number: string };

export type FakeChannel = {
  id: string;
  name: string;
  state: ChannelState;
  caller: CallerId;
  connected: CallerId;
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  language: string;
  /** The Stasis application the channel is in, if any. */
  app?: string;
  /** An outbound channel still ringing: where it goes once answered. */
  dialing?: { app?: string; args: string[]; enterOnAnswer: boolean; caller?: string; dialstring: string };
  /** The other half of a Local channel pair (`<id>;2` for an originated `;1`): one hanging up ends both. */
  localPeer?: string;
  variables: Map<string, string>;
  /** Variables set with report_events: the Channel model carries them as channelvars. */
  reported: Set<string>;
  muted?: "in" | "out" | "both";
  held: boolean;
  moh?: string;
  silence: boolean;
  ringing: boolean;
  bridgeId?: string;
  /** DTMF the application sent to this channel (POST /channels/{id}/dtmf). */
  sentDtmf: string[];
  /** Sends no audio (a leg that is silent): a recording of it runs out after about 4 s. */
  silent?: boolean;
  /** A snoop channel's target. */
  snoopOf?: string;
  /** The dial string a created channel (POST /channels/create) rings once dialled. */
  dialstring?: string;
};

export type FakeBridge = {
  id: string;
  name: string;
  types: string[];
  channels: string[];
  creationtime: string;
  moh?: string;
  variables: Map<string, string>;
};

export type PlaybackState = "queued" | "playing" | "paused" | "continuing" | "done" | "failed";
export type FakePlayback = {
  id: string;
  media: string[];
  index: number;
  targetUri: string;
  language: string;
  state: PlaybackState;
  timer?: NodeJS.Timeout;
  /**
   * When the current medium started playing and how long it lasts: monotonic ms (performance.now()), as its
   * timers are, so a step of the machine's wall clock does not change how much of it was played.
   */
  startedAt: number;
  lengthMs: number;
};

export type RecordingState = "queued" | "recording" | "paused" | "done" | "failed" | "canceled";
export type FakeLiveRecording = {
  name: string;
  format: string;
  targetUri: string;
  state: RecordingState;
  /** Monotonic ms (performance.now()): a step of the wall clock does not lengthen or shorten a recording. */
  startedAt: number;
  pausedMs: number;
  pausedAt?: number;
  muted: boolean;
  terminateOn: string;
  ifExists: string;
  timer?: NodeJS.Timeout;
  durationSeconds?: number;
  /** With maxSilenceSeconds Asterisk also measures talking and silence. */
  measuresSilence: boolean;
  cause?: string;
};

export type StoredRecording = { name: string; format: string; data: Buffer };

/** An error Asterisk answers a REST request with: the status and its {"message": …} body. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_SOUNDS = [
  "hello-world",
  "beep",
  "tt-monkeys",
  "tt-weasels",
  "vm-goodbye",
  "demo-congrats",
  "demo-thanks",
  "goodbye",
  "silence/1",
  "silence/2",
  "please-try-again",
  "pbx-invalid",
  "queue-thankyou",
  "queue-holdtime",
  "conf-onlyperson",
  ...Array.from({ length: 10 }, (_, i) => `digits/${i}`),
];

let sequence = 0;

/** Everything a running fake Asterisk holds: channels, bridges, media, apps, and the timers that drive them. */
export class World {
  readonly channels = new Map<string, FakeChannel>();
  readonly bridges = new Map<string, FakeBridge>();
  readonly playbacks = new Map<string, FakePlayback>();
  readonly liveRecordings = new Map<string, FakeLiveRecording>();
  readonly stored = new Map<string, StoredRecording>();
  readonly problems: string[] = [];
  /** Every HTTP medium fetched for a playback, as Asterisk's media cache would. */
  readonly mediaFetches: MediaFetch[] = [];
  readonly hub: EventHub;
  readonly asteriskId: string;
  readonly sounds: Set<string>;
  readonly secondsMs: number;
  startupTime = asteriskTime();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly options: FakeAriOptions) {
    this.asteriskId = options.asteriskId ?? "02:42:ac:11:00:02";
    this.sounds = new Set(options.sounds ?? DEFAULT_SOUNDS);
    this.secondsMs = options.secondsMs ?? 1000;
    this.hub = new EventHub(this.asteriskId, (problem) => this.problems.push(problem));
  }

  /** A unique id in Asterisk's uniqueid form (<epoch seconds>.<sequence>), never reused in this process. */
  nextId(): string {
    sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${sequence}`;
  }

  /** The 8-hex-digit suffix Asterisk gives channel names. */
  nextSuffix(): string {
    sequence += 1;
    return sequence.toString(16).padStart(8, "0");
  }

  later(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined) {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  playbackMs(mediaUri: string): number {
    const setting = this.options.playbackMs ?? 50;
    return typeof setting === "function" ? setting(mediaUri) : setting;
  }

  channel(id: string): FakeChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new AriError(404, "Channel not found");
    return channel;
  }

  /** A channel an application may control: it exists and is in a Stasis application. */
  stasisChannel(id: string): FakeChannel {
    const channel = this.channel(id);
    if (!channel.app) throw new AriError(409, "Channel not in Stasis application");
    return channel;
  }

  bridge(id: string): FakeBridge {
    const bridge = this.bridges.get(id);
    if (!bridge) throw new AriError(404, "Bridge not found");
    return bridge;
  }

  /** Forgets every channel, bridge, playback, live recording and app (a restart); stored recordings stay on disk. */
  forgetAll() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.channels.clear();
    this.bridges.clear();
    this.playbacks.clear();
    this.liveRecordings.clear();
    this.hub.clear();
    this.startupTime = asteriskTime();
  }
}
