import { describeCallLogEvent, nodeKindDefinition } from "@ringflow/flow-schema";
import type { RouterOutputs } from "../api/trpc.ts";

type CallDetail = RouterOutputs["calls"]["get"];
export type CallEventRow = CallDetail["events"][number];
type Blocks = CallDetail["blocks"];
type Recording = Pick<CallDetail["recordings"][number], "id" | "kind" | "durationSeconds">;

/** One line of the call's timeline; `recordingId` when a player belongs beside it (a voicemail left). */
export type TimelineLine = { seq: number; at: CallEventRow["at"]; text: string; recordingId?: string };

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown) => (typeof value === "string" ? value : "");
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** A block as a person knows it: its name on the canvas, else its kind ("Menu"), never its id. */
export function blockName(blocks: Blocks, nodeId: string | null): string {
  const block = nodeId ? blocks[nodeId] : undefined;
  if (block?.name) return block.name;
  if (block) return `the ${(nodeKindDefinition(block.kind)?.label ?? "unnamed").toLowerCase()} block`;
  return "a block of another version";
}

const DIAL: Record<string, string> = {
  answered: "answered",
  "no-answer": "no answer",
  busy: "busy",
  failed: "the call could not be placed",
  canceled: "cancelled",
};

const STATUS: Record<string, string> = {
  busy: "The line was busy",
  "no-answer": "Nobody answered",
  failed: "The call could not be connected",
  canceled: "The call was cancelled",
};

/** The runtime's one-word outcomes, in words: also the Calls page's outcome filter. */
export const OUTCOMES: Record<string, string> = {
  voicemail: "Left a voicemail",
  transferred: "Transferred",
  queued: "Waited in a queue",
  answered: "Answered by an agent",
  callback: "Asked to be called back",
  overflow: "Queue full: sent on",
  abandoned: "Hung up while waiting in a queue",
  "caller-hangup": "Caller hung up",
  hangup: "Flow ended the call",
  ended: "Ended",
  error: "Went wrong",
};

/** How a call ended, in words: `outcome` is the runtime's one-word summary, `status` the provider's. */
export function describeOutcome(call: { outcome: string | null; status: string }): string {
  if (call.outcome) return OUTCOMES[call.outcome] ?? call.outcome.replace(/[-_]/g, " ");
  const status = call.status.toLowerCase().replace("_", " ");
  if (status === "in progress" || status === "ringing" || status === "queued") return "In progress";
  return status.charAt(0).toUpperCase() + status.slice(1);
}

function inputLine(
  event: CallEventRow,
  blocks: Blocks,
  voicemails: Recording[],
): Omit<TimelineLine, "seq" | "at"> {
  const data = record(event.data);
  const where = blockName(blocks, event.nodeId);
  switch (data.event) {
    case "gather.result":
      if (str(data.digits)) return { text: `Caller pressed ${str(data.digits)} in ${where}` };
      if (str(data.speech)) return { text: `Caller said “${str(data.speech)}” in ${where}` };
      return { text: `Caller answered nothing in ${where}` };
    case "gather.timeout":
      return { text: `Caller pressed nothing in ${where}` };
    case "dial.result": {
      const seconds = num(data.durationSeconds);
      const after = data.status === "answered" && seconds !== null ? ` after ${seconds} s` : "";
      return { text: `Transferred to ${where} — ${DIAL[str(data.status)] ?? str(data.status)}${after}` };
    }
    case "record.result": {
      const seconds = num(data.durationSeconds) ?? 0;
      if (seconds <= 0) return { text: `Caller left no message in ${where}` };
      // The voicemail whose length matches, else the first: a call rarely leaves two.
      const voicemail =
        voicemails.find(
          (r) => r.durationSeconds !== null && Math.round(r.durationSeconds) === Math.round(seconds),
        ) ?? voicemails[0];
      return {
        text: `Left a ${Math.round(seconds)} s voicemail`,
        ...(voicemail ? { recordingId: voicemail.id } : {}),
      };
    }
    case "enqueue.result":
      return { text: `Queue in ${where}: ${str(data.status) || "left"}` };
    default:
      return { text: describeCallLogEvent(event) };
  }
}

/**
 * The call's timeline in sentences: what the caller heard, pressed and said, where they were sent, block by
 * block by name. Steps a person does not need (the engine waiting, resuming, ignoring) are left out.
 */
export function callTimeline(call: {
  events: CallEventRow[];
  blocks: Blocks;
  recordings: Recording[];
}): TimelineLine[] {
  const voicemails = call.recordings.filter((r) => r.kind === "voicemail");
  const lines: TimelineLine[] = [];
  for (const event of call.events) {
    const data = record(event.data);
    const where = blockName(call.blocks, event.nodeId);
    const reason = str(data.reason);
    let line: Omit<TimelineLine, "seq" | "at"> | null = null;
    switch (event.type) {
      case "call.start":
        line = { text: describeCallLogEvent(event) };
        break;
      case "enter":
        if (data.kind !== "start") line = { text: `Reached ${where}` };
        break;
      case "input":
        line = inputLine(event, call.blocks, voicemails);
        break;
      case "error":
        line = { text: `Something went wrong in ${where}: ${reason.replace(/^failed: /, "")}` };
        break;
      case "end":
        line = {
          text: /hung up/.test(reason) ? `Caller hung up in ${where}` : `The call ended in ${where}`,
        };
        break;
      case "http.request":
        line = { text: `${where} asked ${hostOf(str(data.url))} for information` };
        break;
      case "http.response": {
        const status = num(data.status) ?? 0;
        const ms = num(data.ms);
        const answer =
          status < 400 ? "The service answered" : `The service answered with an error (${status})`;
        line = { text: `${answer}${ms !== null ? ` in ${ms} ms` : ""}` };
        break;
      }
      case "http.error":
        line = { text: `The request in ${where} failed: ${str(data.message)}` };
        break;
      case "call.status": {
        const sentence = STATUS[str(data.status)];
        if (sentence) line = { text: sentence };
        break;
      }
      case "sms.request":
        line = { text: `Sent a text to ${str(data.to)}: “${str(data.body)}”` };
        break;
    }
    if (line) lines.push({ seq: event.seq, at: event.at, ...line });
  }
  return lines;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "a web service";
  }
}

/** Seconds since the call started, for the timeline's first column. */
export function offset(at: string | Date, startedAt: string | Date): string {
  const seconds = (new Date(at).getTime() - new Date(startedAt).getTime()) / 1000;
  return `+${seconds.toFixed(1)} s`;
}

/** The editor on the version a call ran (read-only), or on the draft when the call ran no published version. */
export const flowVersionLink = (flowId: string, versionNumber?: number) =>
  versionNumber ? `/flows/${flowId}?version=${versionNumber}` : `/flows/${flowId}`;
