import {
  ASSET_URL_SCHEME,
  simulatorServerMessageSchema,
  type SimulatorClientMessage,
  type SimulatorServerMessage,
  type SimulatorServerMessageOf,
  type TraceEntry,
} from "@ringflow/flow-schema";
import { dialOutcomes, queueOutcomes } from "./call-words.ts";
import { unreachableMessage } from "./runtime-url.ts";

/** One line of the test call's transcript. */
export type TranscriptLine =
  | { who: "flow"; text: string; nodeId: string | null; audioUrl?: string }
  | { who: "caller"; text: string }
  | { who: "system"; text: string; tone?: "error" | "info" };

export interface SimulatorView {
  status: "idle" | "connecting" | "running" | "waiting" | "ended" | "failed";
  transcript: TranscriptLine[];
  trace: TraceEntry[];
  waiting: SimulatorServerMessageOf<"waiting"> | null;
  state: SimulatorServerMessageOf<"state"> | null;
  error: string | null;
  /** The test call's id once it started (a finished one can be saved as a test case). */
  callId: string | null;
}

export const initialView: SimulatorView = {
  status: "idle",
  transcript: [],
  trace: [],
  waiting: null,
  state: null,
  error: null,
  callId: null,
};

type Reducers = {
  [T in SimulatorServerMessage["type"]]: (
    view: SimulatorView,
    message: SimulatorServerMessageOf<T>,
  ) => SimulatorView;
};

const line = (view: SimulatorView, entry: TranscriptLine): SimulatorView => ({
  ...view,
  transcript: [...view.transcript, entry],
});

/** How each server message changes what the panel shows: a table the compiler checks, no case can be missed. */
const reducers: Reducers = {
  started: (view, message) => ({
    ...line(view, {
      who: "system",
      text: `Call started (${message.flow.version === "draft" ? "draft" : `version ${message.flow.version}`}).`,
    }),
    status: "running",
    callId: message.callId,
  }),
  say: (view, message) => line(view, { who: "flow", text: message.text, nodeId: message.nodeId }),
  play: (view, message) =>
    line(view, {
      who: "flow",
      // An uploaded file's name and player come with the line (PromptAudio); its `asset:` id means nothing.
      text: message.url.startsWith(ASSET_URL_SCHEME) ? "♪ plays an uploaded audio file:" : "♪ plays",
      nodeId: message.nodeId,
      audioUrl: message.url,
    }),
  recording: (view, message) =>
    line(view, {
      who: "system",
      text: message.action === "start" ? "Recording started." : "Recording stopped.",
    }),
  language: (view, message) => line(view, { who: "system", text: `Language is now ${message.language}.` }),
  sms: (view, message) =>
    line(view, { who: "system", text: `Text message to ${message.to}: “${message.body}”` }),
  http: (view, message) =>
    line(view, {
      who: "system",
      text: `${message.request.method} ${message.request.url} → ${message.error ?? message.response?.status ?? "no answer"}${message.mocked ? " (mocked)" : ""} in ${Math.round(message.ms)} ms`,
      ...(message.error ? { tone: "error" as const } : {}),
    }),
  waiting: (view, message) => ({ ...view, status: "waiting", waiting: message }),
  trace: (view, message) => ({ ...view, trace: [...view.trace, ...message.entries] }),
  state: (view, message) => ({
    ...view,
    state: message,
    status: message.status === "ended" ? "ended" : message.status === "waiting" ? "waiting" : view.status,
  }),
  ended: (view, message) => ({
    ...line(view, { who: "system", text: `Call ended: ${message.reason}.` }),
    status: "ended",
    waiting: null,
  }),
  error: (view, message) => {
    const details = message.problems
      ?.map((p) => (p.nodeId ? `${p.nodeId}: ${p.message}` : p.message))
      .join(" ");
    return {
      ...line(view, {
        who: "system",
        tone: "error",
        text: details ? `${message.message} ${details}` : message.message,
      }),
      error: message.message,
      status: view.status === "connecting" ? "failed" : view.status,
    };
  },
};

/** Folds one server message into what the panel shows; pure, so it is tested without a socket. */
export function reduceView(view: SimulatorView, message: SimulatorServerMessage): SimulatorView {
  return (reducers[message.type] as (view: SimulatorView, message: SimulatorServerMessage) => SimulatorView)(
    view,
    message,
  );
}

/** What the caller did, as a transcript line. */
export function describeInput(message: SimulatorClientMessage): string | null {
  switch (message.type) {
    case "digits":
      return `You pressed ${message.digits.split("").join(" ")}`;
    case "speech":
      return `You said “${message.text}”`;
    case "noInput":
      return "You stayed silent";
    case "dial":
      return `The transfer ended: ${dialOutcomes[message.status].toLowerCase()}`;
    case "queue":
      return `The queue ended: ${queueOutcomes[message.status].toLowerCase()}`;
    case "record":
      return message.durationSeconds
        ? `You left a ${message.durationSeconds}-second message`
        : "You left no message";
    case "clock":
      // The wall time as sent, in the flow's zone (the browser's own zone would say another hour).
      return `Clock set to ${message.at.slice(0, 16).replace("T", " ")}`;
    case "hangup":
      return "You hung up";
    case "start":
      return null;
  }
}

/** A WebSocket to the runtime's simulator that parses every frame against the protocol schemas. */
export class SimulatorConnection {
  private socket: WebSocket | null = null;
  private queue: SimulatorClientMessage[] = [];

  constructor(
    private readonly url: string,
    private readonly onMessage: (message: SimulatorServerMessage) => void,
    private readonly onClose: (reason: string | null) => void,
  ) {}

  open(start: SimulatorClientMessage): void {
    this.close();
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.queue = [start];
    socket.onopen = () => {
      for (const message of this.queue) socket.send(JSON.stringify(message));
      this.queue = [];
    };
    socket.onmessage = (event) => {
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = simulatorServerMessageSchema.safeParse(json);
      if (parsed.success) this.onMessage(parsed.data);
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onClose(event.wasClean ? null : unreachableMessage(this.url));
    };
  }

  send(message: SimulatorClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    else this.queue.push(message);
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
