import {
  agentViewSchema,
  type AgentViewInput,
  type Disposition,
  type FieldFormat,
  type WrapUpField,
} from "../nodes/agent-view.ts";
import {
  CALL_FIELDS,
  FLOW_FIELDS,
  parseTemplate,
  renderTemplate,
  type TemplateContext,
} from "../template.ts";
import { callerPath, callerPathText, type PathEvent, type PathFlows } from "./caller-path.ts";

export interface ScreenPopInput {
  /** The Enqueue or Transfer block's `agentView` parameter. */
  view: AgentViewInput | undefined;
  /** What the call knows: `vars` are the flow's variables; missing parts are empty. */
  context: CallContext;
  /** The call's execution log so far, and the blocks it names, for the caller's path. */
  path?: { events: readonly PathEvent[]; flows: PathFlows };
  locale?: string;
  timeZone?: string;
  /** ISO 4217 code for fields shown as money. */
  currency?: string;
}

export interface CallContext {
  call?: Partial<TemplateContext["call"]>;
  flow?: Partial<TemplateContext["flow"]>;
  vars?: TemplateContext["vars"];
  nodes?: TemplateContext["nodes"];
  error?: TemplateContext["error"];
}

export interface ScreenPopField {
  label: string;
  /** Formatted for reading; "" when the call has no value for it. */
  text: string;
  format: FieldFormat;
}

export interface ScreenPop {
  fields: ScreenPopField[];
  /** One phrase per answer, and the sentence they make. */
  path: string[];
  pathText: string;
  script: string;
  links: { label: string; url: string }[];
  dispositions: Disposition[];
  wrapUp: WrapUpField[];
  /** What could not be shown, in words for whoever built the flow (the agent sees the rest). */
  problems: string[];
}

/** The screen pop an agent sees for a call: pure, from the block's agent view, the call's data and its path. */
export function renderScreenPop(input: ScreenPopInput): ScreenPop {
  const view = agentViewSchema.parse(input.view);
  const context = fullContext(input.context);
  const locale = input.locale ?? "en-US";
  const problems: string[] = [];
  const render = (source: string, what: string): string => {
    try {
      return renderTemplate(parseTemplate(source), context);
    } catch (error) {
      problems.push(`${what} could not be filled in: ${(error as Error).message.split(", line:")[0]}.`);
      return "";
    }
  };

  const fields = view.fields.map((f) => {
    const raw = render(f.value, `“${f.label}”`).trim();
    return {
      label: f.label,
      format: f.format,
      text: formatValue(raw, f.format, locale, input.timeZone ?? "UTC", input.currency ?? "USD"),
    };
  });

  const links = view.links.flatMap((l) => {
    const url = render(l.url, `The link “${l.label}”`).trim();
    if (!url) return [];
    if (!isWebAddress(url)) {
      problems.push(`The link “${l.label}” is not a web address (http or https).`);
      return [];
    }
    return [{ label: l.label, url }];
  });

  const path = view.showPath && input.path ? callerPath(input.path.events, input.path.flows, locale) : [];
  return {
    fields,
    path,
    pathText: callerPathText(path),
    script: view.script ? render(view.script, "The script").trim() : "",
    links,
    dispositions: view.dispositions,
    wrapUp: view.wrapUp,
    problems,
  };
}

function fullContext(partial: CallContext): TemplateContext {
  const empty = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, null])) as Record<K, unknown>;
  return {
    call: { ...empty(CALL_FIELDS), ...partial.call },
    flow: { ...empty(FLOW_FIELDS), ...partial.flow },
    vars: partial.vars ?? {},
    nodes: partial.nodes ?? {},
    error: partial.error ?? null,
  };
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const YES = new Set(["true", "yes", "y", "1"]);
const NO = new Set(["false", "no", "n", "0"]);

/** A field's value as the agent reads it; a value that does not fit the format is shown as it is. */
export function formatValue(
  raw: string,
  format: FieldFormat,
  locale = "en-US",
  timeZone = "UTC",
  currency = "USD",
): string {
  if (raw === "") return "";
  switch (format) {
    case "text":
      return raw;
    case "number":
      return asNumber(raw, (n) => new Intl.NumberFormat(locale).format(n));
    case "money":
      return asNumber(raw, (n) => new Intl.NumberFormat(locale, { style: "currency", currency }).format(n));
    case "date":
      // A date alone names a day, not an instant: shown as that day wherever the agent is.
      return asDate(raw, (d) =>
        new Intl.DateTimeFormat(locale, {
          dateStyle: "medium",
          timeZone: DATE_ONLY.test(raw) ? "UTC" : timeZone,
        }).format(d),
      );
    case "dateTime":
      return asDate(raw, (d) =>
        new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d),
      );
    case "phone":
      return phoneText(raw);
    case "yesNo": {
      const word = raw.toLowerCase();
      return YES.has(word) ? "Yes" : NO.has(word) ? "No" : raw;
    }
    case "lastFour":
      return raw.length <= 4 ? raw : `•••• ${raw.slice(-4)}`;
  }
}

function asNumber(raw: string, show: (n: number) => string): string {
  const n = Number(raw.replace(/,/g, ""));
  return raw.trim() !== "" && Number.isFinite(n) ? show(n) : raw;
}

function asDate(raw: string, show: (d: Date) => string): string {
  // Epoch milliseconds (call.startedAt) or an ISO date.
  const value = /^\d{10,}$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(value.getTime()) ? raw : show(value);
}

/** +14155550100 -> +1 415 555 0100; other numbers are shown as they came. */
function phoneText(raw: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(raw);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : raw;
}
