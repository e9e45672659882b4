import type { CallStatus } from "@ringflow/flow-schema";
import type { CallState } from "../engine/index.ts";
import type { HttpRequestCommand } from "../http/executor.ts";
import type { LogCall } from "../jobs/call-log.job.ts";

/** Which call: the provider account that owns it and the provider's call id. Keys never cross accounts. */
export interface CallKey {
  /** Our ProviderAccount.id (a webhook signed by another account can never name this call), or "sim". */
  account: string;
  /** Twilio CallSid, Asterisk channel id, simulator session id. */
  id: string;
}

/** The providers whose calls the call core runs (the log contract lists them). */
export type CallProviderName = LogCall["provider"];

export interface CallMeta {
  /** Call.id in Postgres. */
  callId: string;
  tenantId: string;
  provider: CallProviderName;
  providerCallId: string;
  providerAccountId: string | null;
  phoneNumberId: string | null;
  flowId: string | null;
  flowVersionId: string | null;
  /** The subflows' versions, pinned at the start of the call like the flow's own. */
  subflowVersionIds: Record<string, string>;
  direction: "INBOUND" | "OUTBOUND";
  from: string;
  to: string;
  /** True when the Call row was created by someone else (the API's outbound call). */
  existingRow: boolean;
  /** A builder test call. */
  test: boolean;
}

/** Everything the runtime needs to take the next event of a live call, whichever process receives it. */
export interface LiveCall<A = string> {
  ended: false;
  /** Compare-and-set counter: a write succeeds only over the revision it read. */
  rev: number;
  state: CallState;
  meta: CallMeta;
  /** Next CallEvent.seq of the call's execution log. */
  seq: number;
  /** Node ids in the order the call visited them. */
  path: string[];
  /** The provider's last call status and its rank; late or out-of-order reports never go back. */
  providerStatus: CallStatus | null;
  statusRank: number;
  durationSeconds: number | null;
  /** The answer of the latest turn: what a webhook for a turn already passed gets. */
  lastAnswer: A;
  /** The HTTP request the call waits on, while it runs in the background. */
  pendingHttp: { command: HttpRequestCommand; startedAt: number } | null;
  /** The mailbox of the voicemail being recorded. */
  mailbox: string | null;
  /** The consent that allows call recording, once given. */
  consentRecordId: string | null;
}

/**
 * What is kept of an ended call: enough for late status reports and recordings (a few hundred bytes). Replays
 * of its last webhooks get their stored answers; any other event of it gets the adapter's hangup.
 */
export interface EndedCall {
  ended: true;
  rev: number;
  meta: Pick<CallMeta, "callId" | "tenantId" | "provider" | "providerCallId" | "providerAccountId" | "test">;
  startedAt: number;
  seq: number;
  statusRank: number;
  consentRecordId: string | null;
  mailbox: string | null;
  /** The language the call ended in: recordings reported after the call are in it (absent in older records). */
  language?: string;
  /**
   * The answer id whose stored answer ended the flow (its last prompt and hangup): a process taking an Asterisk
   * connection over finishes the call with it instead of cutting that prompt.
   */
  endedBy?: string;
}

export type StoredCall<A = string> = LiveCall<A> | EndedCall;

export function endedCall<A>(call: LiveCall<A>, endedBy?: string): EndedCall {
  const { callId, tenantId, provider, providerCallId, providerAccountId, test } = call.meta;
  return {
    ended: true,
    rev: call.rev,
    meta: { callId, tenantId, provider, providerCallId, providerAccountId, test },
    startedAt: call.state.startedAt,
    seq: call.seq,
    statusRank: call.statusRank,
    consentRecordId: call.consentRecordId,
    mailbox: call.mailbox,
    language: call.state.language,
    ...(endedBy ? { endedBy } : {}),
  };
}

/** The call's language now (a Language block's choice, else the flow's); null for an old ended record. */
export const languageOf = (call: StoredCall<unknown>): string | null =>
  call.ended ? (call.language ?? null) : call.state.language;

/** Long enough for any call; the key is refreshed on every write. */
export const CALL_TTL_SECONDS = 6 * 60 * 60;
/** An ended call's key: replays and late callbacks come within minutes. */
export const ENDED_CALL_TTL_SECONDS = 10 * 60;
