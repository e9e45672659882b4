import type { ImportReportItem, StudioIndex } from "./definition.ts";

/** Studio output fields per widget type -> Ringflow node output paths. */
const WIDGET_FIELDS: Record<string, Record<string, string>> = {
  "gather-input-on-call": { Digits: "digits", SpeechResult: "speech", Confidence: "confidence" },
  "make-http-request": { status_code: "status", body: "body", parsed: "body" },
  "run-function": { status_code: "status", body: "body", parsed: "body" },
  "connect-call-to": { DialCallStatus: "status", DialCallDuration: "durationSeconds" },
  "record-voicemail": {
    RecordingUrl: "recordingUrl",
    RecordingDuration: "durationSeconds",
    TranscriptionText: "transcript",
  },
  "enqueue-call": { QueueResult: "status", QueueTime: "waitSeconds" },
};

const CALL_FIELDS: Record<string, string> = {
  From: "call.from",
  To: "call.to",
  Called: "call.to",
  Caller: "call.from",
  CallSid: "call.callId",
  Direction: "call.direction",
  FromState: "call.callerState",
  CallerState: "call.callerState",
};

const PATH = /\b(trigger|flow|widgets|contact)((?:\.[A-Za-z_][\w-]*|\[\s*"[^"]*"\s*\]|\[\s*'[^']*'\s*\])+)/g;
const BLOCK = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

export interface LiquidRewrite {
  index: StudioIndex;
  /** Variables the rewritten templates read (flow.variables.x and flow.data.x both become vars.x). */
  variables: Set<string>;
  report: ImportReportItem[];
}

/** Rewrites Studio's Liquid names (`trigger.call.From`, `widgets.menu.Digits`, `flow.variables.x`) to Ringflow's. */
export function rewriteLiquid(
  text: string,
  widget: { name: string; type: string },
  rw: LiquidRewrite,
): string {
  const note = (issue: string) => rw.report.push({ widget: widget.name, type: widget.type, issue });
  return text.replace(BLOCK, (block) =>
    nilTests(
      readsDialStatus(block, rw) ? block.replace(/(["'])completed\1/g, "$1answered$1") : block,
      note,
    ).replace(PATH, (whole, root: string, rest: string) => {
      const segments = [...rest.matchAll(/\.([A-Za-z_][\w-]*)|\[\s*["']([^"']*)["']\s*\]/g)].map(
        (m) => m[1] ?? m[2] ?? "",
      );
      const rewritten = rewritePath(root, segments, rw);
      if (rewritten === undefined) {
        note(`"${whole}" has no Ringflow equivalent; the template was left as it was and must be edited.`);
        return whole;
      }
      return rewritten;
    }),
  );
}

function rewritePath(root: string, segments: string[], rw: LiquidRewrite): string | undefined {
  const [first, second, ...rest] = segments;
  const tail = (parts: string[]) => parts.map((p) => `.${p}`).join("");
  if (root === "trigger" && first === "call" && second !== undefined) return CALL_FIELDS[second];
  if (root === "contact" && first === "channel" && second === "address") return "call.from";
  if (root === "flow") {
    if ((first === "variables" || first === "data") && second !== undefined) {
      rw.variables.add(second);
      return `vars.${second}${tail(rest)}`;
    }
    if (first === "flow_sid") return "flow.flowId";
    if (first === "channel" && second === "address") return "call.to";
    return undefined;
  }
  if (root === "widgets" && first !== undefined && second !== undefined) {
    const state = rw.index.states.get(first);
    const id = rw.index.ids.get(first);
    if (!state || !id) return undefined;
    if (state.type === "run-subflow") return `nodes.${id}.variables.${second}${tail(rest)}`;
    // A reply to a text never reaches a Ringflow call (the converter reports it): it is nil, as when none came.
    if (state.type === "send-and-wait-for-reply") return "nil";
    const field = WIDGET_FIELDS[state.type]?.[second];
    return field === undefined ? undefined : `nodes.${id}.${field}${tail(rest)}`;
  }
  return undefined;
}

const CONDITION_TAG = /^(\{%-?\s*(?:if|elsif|unless)\s+)([\s\S]*?)(\s*-?%\})$/;
const FLOW_VARIABLE = /^flow\.(?:variables|data)\.[A-Za-z_][\w-]*$/;
const COMPARISON = /^(\S+)\s*(==|!=|<>)\s*(\S+)$/;

/**
 * An unset Studio variable is nil; ours start as "" (true in Liquid, and not nil). Tests of a flow variable
 * are rewritten to mean what they meant in Studio: a bare `x` becomes `x != ""`, `x == nil` (or `null`)
 * becomes `x == ""` and `x != nil` becomes `x != ""`. `blank` already covers both. Only tests against empty
 * text (`== empty`, `== ""`) cannot tell an unset variable from one set to "": those are kept and reported.
 */
function nilTests(block: string, note: (issue: string) => void): string {
  const tag = CONDITION_TAG.exec(block);
  if (!tag) return block;
  const [, open, condition = "", close] = tag;
  const operands = condition
    .split(/(\s+(?:and|or)\s+)/)
    .map((part, i) => (i % 2 === 1 ? part : nilTest(part, note)));
  return `${open}${operands.join("")}${close}`;
}

function nilTest(part: string, note: (issue: string) => void): string {
  const operand = part.trim();
  if (FLOW_VARIABLE.test(operand)) return `${operand} != ""`;
  const comparison = COMPARISON.exec(operand);
  if (!comparison) return part;
  const [, a = "", op = "", b = ""] = comparison;
  const [variable, other] = FLOW_VARIABLE.test(a) ? [a, b] : FLOW_VARIABLE.test(b) ? [b, a] : [];
  if (!variable || !other) return part;
  const equals = op === "==";
  if (other === "nil" || other === "null") return `${variable} ${equals ? "==" : "!="} ""`;
  if (other === "empty" || other === '""' || other === "''") {
    const name = variable.split(".").at(-1);
    note(
      equals
        ? `"${operand}" is true in Ringflow before ${name} is set, where Studio found it false (an unset variable is nil there, not empty text): callers who reach it before ${name} is set now take its branch.`
        : `"${operand}" is false in Ringflow before ${name} is set, where Studio found it true (an unset variable is nil there, not empty text): callers who reach it before ${name} is set no longer take its branch.`,
    );
  }
  return part;
}

const DIAL_STATUS = /\bwidgets(?:\.([A-Za-z_][\w-]*)|\[\s*["']([^"']*)["']\s*\])\.DialCallStatus\b/g;

/**
 * Twilio's DialCallStatus "completed" (an answered call that ended) is Ringflow's "answered": where `text`
 * reads a Connect Call To's DialCallStatus, `completed` in `value` is rewritten.
 */
export function dialStatusValue(text: string, value: string, rw: Pick<LiquidRewrite, "index">): string {
  return readsDialStatus(text, rw) ? value.replace(/\bcompleted\b/g, "answered") : value;
}

function readsDialStatus(text: string, rw: Pick<LiquidRewrite, "index">): boolean {
  return [...text.matchAll(DIAL_STATUS)].some(
    (m) => rw.index.states.get(m[1] ?? m[2] ?? "")?.type === "connect-call-to",
  );
}
