import { createHash } from "node:crypto";
import type { CallEvent, CallLogEvent, CallLogType, TraceEntry } from "@ringflow/flow-schema";
import { maskText, maskValue, storableText } from "@ringflow/platform";
import type { CallState, CompiledFlow } from "../engine/index.ts";
import type { LogCall, LogConsent, LogSummary } from "../jobs/call-log.job.ts";
import type { LiveCall, StoredCall } from "./call-record.ts";

/** Adapter-side happenings logged along with the engine's trace (inputs, HTTP exchanges, provider status). */
export interface AdapterNote {
  type: Exclude<CallLogType, TraceEntry["type"]>;
  nodeId?: string | null;
  data: Record<string, unknown>;
}

/** A UUID derived from its inputs, so the same consent or recording is the same row however often it is written. */
export function stableId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Trace entries and adapter notes -> numbered log events; returns them and the next seq. */
export function logEvents(
  startSeq: number,
  at: number,
  notes: AdapterNote[],
  trace: TraceEntry[],
): { events: CallLogEvent[]; nextSeq: number } {
  let seq = startSeq;
  // Masked and made storable here, once, whatever the adapter or the caller put in.
  const events: CallLogEvent[] = notes.map((n) => ({
    seq: seq++,
    at,
    type: n.type,
    nodeId: n.nodeId ? storableText(n.nodeId) : null,
    port: null,
    data: maskValue(n.data) as Record<string, unknown>,
  }));
  for (const t of trace)
    events.push({
      seq: seq++,
      at: t.at,
      type: t.type,
      nodeId: t.nodeId,
      port: t.port,
      data: {
        turn: t.turn,
        flowId: t.flowId,
        kind: t.kind,
        reason: maskText(t.reason),
        variables: maskValue(t.variables) as Record<string, unknown>,
      },
    });
  return { events, nextSeq: seq };
}

/** Nodes entered, appended to the path so far. */
export function extendPath(path: string[], trace: TraceEntry[]): string[] {
  const entered = trace.filter((t) => t.type === "enter" && t.nodeId).map((t) => t.nodeId as string);
  return entered.length ? [...path, ...entered] : path;
}

/**
 * The engine event as the log shows it: what the caller pressed or said, what a dial or queue returned. HTTP
 * outcomes are logged by their own masked notes, never raw.
 */
export function inputNotes(event: CallEvent, nodeId: string | null): AdapterNote[] {
  if (event.type === "http.response" || event.type === "http.error") return [];
  const { type, ...data } = event;
  return [{ type: "input", nodeId, data: { event: type, ...data } }];
}

/** Consent decisions in a trace -> proof rows: what was said, what was pressed, the caller's state, the rule. */
export function consentRecords(
  flow: CompiledFlow,
  state: CallState,
  trace: TraceEntry[],
  callId: string,
  input: CallEvent | null,
): LogConsent[] {
  const out: LogConsent[] = [];
  for (const t of trace) {
    const status = t.variables["call.consent"];
    if (typeof status !== "string" || !t.nodeId) continue;
    const owner = t.flowId ? (flow.subflows.get(t.flowId) ?? flow) : flow;
    const node = owner.nodes.get(t.nodeId);
    if (node?.kind !== "recordingConsent") continue;
    const p = node.params;
    const announcement = p.announcement;
    const announcementText =
      announcement.type === "say"
        ? (announcement.text[state.language] ?? Object.values(announcement.text)[0] ?? "")
        : announcement.type === "play"
          ? `audio: ${announcement.url}`
          : `uploaded prompt ${announcement.promptId}`;
    const digits =
      t.type === "resume" && input?.type === "gather.result" ? (input.digits ?? input.speech ?? "") : null;
    out.push({
      id: stableId(callId, "consent", t.nodeId, String(t.turn)),
      nodeId: t.nodeId,
      required: status !== "not-required",
      granted: status === "granted",
      method: p.askToAgree && status !== "not-required" ? "dtmf" : "announcement",
      callerState: state.callerState,
      rule: `${p.requirement === "always" ? "always" : `all-party states: ${p.allPartyStates.join(",")}`}; ${t.reason}`,
      announcementText: storableText(announcementText),
      digits: digits === null ? null : storableText(digits),
      at: t.at,
    });
  }
  return out;
}

/** How the call ended, in one word, for the call list. */
export function outcomeOf(state: CallState, trace: TraceEntry[], path: string[], flow: CompiledFlow): string {
  const reason = state.endReason ?? "";
  if (reason.startsWith("error not handled")) return "error";
  if (/hung up|call status/.test(reason)) {
    const lastKind = kindOf(flow, path[path.length - 1]);
    if (lastKind === "transfer") return "transferred";
    if (lastKind === "enqueue") return "queued";
    if (lastKind === "voicemail") return "voicemail";
    return "caller-hangup";
  }
  const last = [...trace].reverse().find((t) => t.kind);
  if (last?.kind === "hangup") {
    const before = kindOf(flow, path[path.length - 2]);
    if (before === "voicemail") return "voicemail";
    if (before === "transfer") return "transferred";
    if (before === "enqueue") return "queued";
    return "hangup";
  }
  return "ended";
}

function kindOf(flow: CompiledFlow, nodeId: string | undefined): string | undefined {
  if (!nodeId) return undefined;
  return (
    flow.nodes.get(nodeId) ?? [...flow.subflows.values()].find((f) => f.nodes.has(nodeId))?.nodes.get(nodeId)
  )?.kind;
}

/** The Call row's final fields. A declared `disposition` variable, when set, is the disposition. */
export function summaryOf(
  record: LiveCall<unknown>,
  flow: CompiledFlow,
  trace: TraceEntry[],
  at: number,
): LogSummary {
  const state = record.state;
  const vars = state.stack.length ? (state.stack[0]?.vars ?? state.frame.vars) : state.frame.vars;
  const disposition = typeof vars.disposition === "string" && vars.disposition ? vars.disposition : null;
  const outcome = outcomeOf(state, trace, record.path, flow);
  return {
    outcome,
    disposition: disposition ?? outcome,
    path: record.path,
    variables: maskValue(vars) as Record<string, unknown>,
    endedAt: at,
    durationSeconds: record.durationSeconds ?? Math.max(0, Math.round((at - state.startedAt) / 1000)),
    errorMessage:
      outcome === "error" ? maskText(state.lastError?.message ?? state.endReason ?? "error") : null,
    language: state.language,
  };
}

/** The log's view of a call, live or ended. */
export function logCall(call: StoredCall<unknown>): LogCall {
  if (call.ended)
    return {
      ...call.meta,
      phoneNumberId: null,
      flowId: null,
      flowVersionId: null,
      direction: "INBOUND",
      from: "",
      to: "",
      startedAt: call.startedAt,
      existingRow: true,
    };
  const { subflowVersionIds: _subflows, ...meta } = call.meta;
  return { ...meta, startedAt: call.state.startedAt };
}
