import type { ParamsInputOf } from "../../nodes/index.ts";
import { SPEECH_MODELS, type PromptInput as Prompt, type SpeechModel } from "../../nodes/shared.ts";
import type { ImportContext, Converted, Next } from "./context.ts";
import { identifier, readable } from "./context.ts";
import { prop, target, type StudioState } from "./definition.ts";

const KEY = /^[0-9*#]$/;

/**
 * gather-input-on-call. When its keypress/speech transitions lead only to splits on its own Digits or
 * SpeechResult with plain equality tests (Studio's menu idiom), the gather and the splits become one menu
 * node; otherwise a collect node, with the splits kept.
 */
export function convertGather(state: StudioState, ctx: ImportContext): Converted {
  const prompt = ctx.prompt(state) ?? placeholderPrompt(state, ctx);
  const loop = prop.number(state, "loop") ?? 1;
  if (loop > 1)
    ctx.issue(
      state,
      `The message was repeated ${loop} times while listening; Ringflow plays it once per attempt.`,
    );
  return asMenu(state, prompt, ctx) ?? asCollect(state, prompt, ctx);
}

function placeholderPrompt(state: StudioState, ctx: ImportContext): Prompt {
  ctx.issue(state, "The widget had no message; a placeholder prompt was added.");
  return { type: "say", text: { [ctx.language(state)]: "Please make your selection." } };
}

function asCollect(state: StudioState, prompt: Prompt, ctx: ImportContext): Converted {
  const keypress = target(state, "keypress");
  const speech = target(state, "speech");
  const digits = prop.number(state, "number_of_digits");
  const length = digits === undefined ? undefined : Math.min(64, Math.max(1, digits));
  const id = ctx.id(state.name);
  // Studio sends key presses and speech on to different widgets: a split on the digits keeps both paths.
  const route =
    keypress && speech && keypress !== speech ? byInput(state, id, keypress, speech, ctx) : undefined;
  const next: Next = route ? { nodeId: route.id } : (keypress ?? speech);
  return {
    kind: "collect",
    params: {
      prompt,
      input: keypress && speech ? "both" : speech ? "speech" : "dtmf",
      variable: ctx.variable(state, `${id}Input`),
      minLength: 1,
      maxLength: length ?? 64,
      ...(length ? { minLength: length } : {}),
      finishOnKey: finishKey(state),
      timeoutSeconds: prop.number(state, "timeout") ?? 5,
      retries: 0,
      speechHints: hints(state),
      ...listening(state, !!speech, ctx),
    },
    ports: [
      ["valid", next],
      ["invalid", next],
      ["noInput", target(state, "timeout")],
    ],
    ...(route ? { added: [route] } : {}),
  };
}

function byInput(
  state: StudioState,
  gatherId: string,
  keypress: string,
  speech: string,
  ctx: ImportContext,
): Converted & { id: string; label: string } {
  return {
    id: ctx.newId(`${gatherId}_input`),
    kind: "split",
    label: `${state.name}: keys or speech`,
    params: {
      conditions: [
        {
          id: "keypress",
          label: "Keys pressed",
          subject: `{{nodes.${gatherId}.digits}}`,
          operator: "isNotEmpty",
        },
      ],
    },
    ports: [
      ["keypress", keypress],
      ["else", speech],
    ],
  };
}

/** What a gather that hears speech keeps of Studio's recognition settings, and what it reports. */
function listening(
  state: StudioState,
  hearsSpeech: boolean,
  ctx: ImportContext,
): Pick<ParamsInputOf<"collect">, "listenLanguage" | "speechTimeoutSeconds" | "speechModel"> {
  if (!hearsSpeech) return {};
  const language = prop.string(state, "gather_language");
  return {
    ...(language ? { listenLanguage: language } : {}),
    ...speechTimeout(state, ctx),
    ...speechModel(state, ctx),
  };
}

/** Studio's `speech_timeout`: `auto` (the caller's first pause, also ours when empty) or seconds of silence. */
function speechTimeout(state: StudioState, ctx: ImportContext): { speechTimeoutSeconds?: number } {
  const raw = prop.string(state, "speech_timeout")?.trim();
  if (!raw || raw === "auto") return {};
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    ctx.issue(
      state,
      `"${raw}" is not a number of seconds of silence; the caller's answer is taken at their first pause.`,
    );
    return {};
  }
  const kept = Math.min(60, Math.max(1, Math.round(seconds)));
  if (kept !== seconds)
    ctx.issue(
      state,
      `Ringflow waits ${kept} s of silence before taking the caller's answer instead of ${seconds} s.`,
    );
  return { speechTimeoutSeconds: kept };
}

function speechModel(state: StudioState, ctx: ImportContext): { speechModel?: SpeechModel } {
  const model = prop.string(state, "speech_model")?.trim();
  if (!model || model === "default") return {};
  if ((SPEECH_MODELS as readonly string[]).includes(model)) return { speechModel: model as SpeechModel };
  ctx.issue(
    state,
    `Speech is recognised with the provider's choice of model instead of "${model}"; check that callers' answers are still understood.`,
  );
  return {};
}

function asMenu(state: StudioState, prompt: Prompt, ctx: ImportContext): Converted | undefined {
  const keypress = target(state, "keypress");
  const speech = target(state, "speech");
  const splitNames = [...new Set([keypress, speech].filter((n): n is string => !!n))];
  if (splitNames.length === 0) return undefined;
  const splits = splitNames.map((n) => ctx.index.states.get(n));
  const options = new Map<string, { label: string; dtmf?: string; keywords: string[] }>();
  for (const split of splits) {
    if (!split || split.type !== "split-based-on") return undefined;
    const fromGather = state.transitions.filter((t) => t.next === split.name).length;
    if ((ctx.index.incoming.get(split.name) ?? 0) !== fromGather) return undefined;
    for (const t of split.transitions.filter((t) => t.event === "match")) {
      const [c, ...more] = t.conditions ?? [];
      if (!c || more.length > 0 || !t.next) return undefined;
      const subject = (c.arguments?.[0] ?? prop.string(split, "input") ?? "").replace(/\s/g, "");
      const option = options.get(t.next) ?? {
        label: readable(c.friendly_name ?? "") || t.next,
        keywords: [],
      };
      const value = c.value ?? "";
      if (subject === `{{widgets.${state.name}.Digits}}`) {
        if (c.type !== "equal_to" || !KEY.test(value) || (option.dtmf && option.dtmf !== value))
          return undefined;
        option.dtmf = value;
      } else if (subject === `{{widgets.${state.name}.SpeechResult}}`) {
        if (!["equal_to", "contains", "matches_any_of"].includes(c.type)) return undefined;
        option.keywords.push(
          ...value
            .split(",")
            .map((k) => k.trim())
            .filter(Boolean),
        );
      } else return undefined;
      options.set(t.next, option);
    }
  }
  if (options.size === 0) return undefined;
  const noMatch = [...new Set(splits.map((s) => (s ? target(s, "noMatch") : undefined)))];
  if (noMatch.length > 1)
    ctx.issue(
      state,
      `Its splits had different "No Condition Matches" paths; "${noMatch[0] ?? "none"}" is used.`,
    );
  for (const split of splits) if (split) ctx.absorbed.add(split.name);

  const ids = new Set<string>();
  const entries = [...options.entries()].map(([next, o]) => {
    let id = identifier(o.label.replace(/\s+/g, "_"));
    while (ids.has(id)) id = `${id}_`;
    ids.add(id);
    return {
      id,
      next,
      option: { id, label: o.label, keywords: o.keywords, ...(o.dtmf ? { dtmf: o.dtmf } : {}) },
    };
  });
  return {
    kind: "menu",
    label: state.name,
    params: {
      prompt,
      input: [...(keypress ? (["dtmf"] as const) : []), ...(speech ? (["speech"] as const) : [])],
      options: entries.map((e) => e.option),
      timeoutSeconds: prop.number(state, "timeout") ?? 5,
      retries: 0,
      speechHints: hints(state),
      ...listening(state, !!speech, ctx),
    },
    ports: [
      ...entries.map((e): [string, string] => [e.id, e.next]),
      ["noInput", target(state, "timeout")],
      ["noMatch", noMatch[0]],
    ],
  };
}

function finishKey(state: StudioState): string {
  const key = prop.string(state, "finish_on_key");
  return key === undefined ? "#" : KEY.test(key) ? key : "";
}

function hints(state: StudioState): string[] {
  return (prop.string(state, "hints") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
}
