import type { CallCommand, CallCommandOf, TraceEntry } from "@ringflow/flow-schema";
import type { CallState } from "../engine/index.ts";
import type { AdapterNote } from "./call-log.ts";
import type { CallMeta, LiveCall } from "./call-record.ts";

/** What one engine step produced, as an adapter renders it. */
export interface Segment {
  commands: CallCommand[];
  /** The node that emitted each command. */
  commandNodes: (string | null)[];
  trace: TraceEntry[];
  notes: AdapterNote[];
  state: CallState;
}

/** A provider's side of a call: how the steps of one turn become its answer. Only translation lives here. */
export interface CallAdapter<A> {
  /** The answer to one webhook or event: the steps it ran, in order (a fast HTTP request makes two). */
  render(segments: Segment[], meta: CallMeta): A;
  /** The answer to an event of a call that has ended or that nobody knows. */
  readonly ended: A;
  /** Provider side effects a committed step asks for (Twilio's REST API stops a recording). */
  afterCommit?(segment: Segment, call: LiveCall<A>): void;
  /** Sends a text through the provider's messaging API; a provider without one leaves it out. */
  sendSms?(command: CallCommandOf<"sms.send">, call: LiveCall<A>): Promise<SmsOutcome>;
}

export type SmsOutcome = { status: "sent"; messageId?: string } | { status: "failed"; error: string };
