import type { CallEventOf, NodeKind, Prompt } from "@ringflow/flow-schema";
import type { StepContext } from "../context.ts";
import type { Json } from "../state.ts";
import { next, type Outcome, type ResumeEvent } from "./types.ts";

export interface ListenSpec {
  input: ("dtmf" | "speech")[];
  timeoutSeconds: number;
  numDigits?: number;
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: string;
  hints?: string[];
  /** Recognition language when it is not the call's. */
  language?: string | undefined;
  speechTimeoutSeconds?: number | undefined;
  speechModel?: string | undefined;
}

/** The node's speech settings, for a spec that listens for speech. */
export function speechSpec(p: {
  listenLanguage?: string | undefined;
  speechTimeoutSeconds?: number | undefined;
  speechModel?: string | undefined;
}): Pick<ListenSpec, "language" | "speechTimeoutSeconds" | "speechModel"> {
  return {
    language: p.listenLanguage,
    speechTimeoutSeconds: p.speechTimeoutSeconds,
    speechModel: p.speechModel,
  };
}

/** Plays the prompts while listening, then waits for gather.result / gather.timeout. */
export function listen(
  ctx: StepContext<NodeKind>,
  spec: ListenSpec,
  prompts: Prompt[],
  reason: string,
): Outcome {
  const { hints, language, speechTimeoutSeconds, speechModel, ...rest } = spec;
  const speech = spec.input.includes("speech");
  const useHints = hints && hints.length > 0 && speech;
  ctx.emit({
    type: "gather",
    turn: ctx.turn,
    ...rest,
    ...(useHints ? { hints } : {}),
    ...(speech && speechTimeoutSeconds !== undefined ? { speechTimeoutSeconds } : {}),
    ...(speech && speechModel ? { speechModel } : {}),
    language: language ?? ctx.state.language,
    prompts: prompts.map((p) => ctx.prompt(p)),
  });
  return { type: "wait", for: "gather", reason };
}

export interface RetryPlan {
  /** What went wrong, for the trace: "no input after 5 s". */
  what: string;
  retries: number;
  retryPrompt: Prompt | undefined;
  prompt: Prompt;
  spec: ListenSpec;
  /** Taken when no retries are left. */
  giveUpPort: string;
}

/** After no input or an unusable answer: ask again (retry prompt first), or give up through a port. */
export function retry(ctx: StepContext<NodeKind>, plan: RetryPlan): Outcome {
  const attempt = ctx.attempts + 1;
  ctx.attempts = attempt;
  if (attempt > plan.retries) return next(plan.giveUpPort, `${plan.what}; no retries left (${plan.retries})`);
  const prompts = plan.retryPrompt ? [plan.retryPrompt, plan.prompt] : [plan.prompt];
  return listen(ctx, plan.spec, prompts, `${plan.what}, retry ${attempt} of ${plan.retries}`);
}

interface AskAgainParams {
  timeoutSeconds: number;
  retries: number;
  noInputPrompt?: Prompt | undefined;
  prompt: Prompt;
}

/** The caller said nothing: ask again after the no-input prompt, or leave through `noInput`. */
export function retryAfterNoInput(ctx: StepContext<NodeKind>, p: AskAgainParams, spec: ListenSpec): Outcome {
  return retry(ctx, {
    what: `no input after ${p.timeoutSeconds} s`,
    retries: p.retries,
    retryPrompt: p.noInputPrompt,
    prompt: p.prompt,
    spec,
    giveUpPort: "noInput",
  });
}

export type CallerAnswer =
  { kind: "none" } | { kind: "answer"; digits: string; speech: string; confidence: number | null };

/** What the caller gave, if anything. */
export function answerOf(event: ResumeEvent): CallerAnswer {
  if (event.type !== "gather.result") return { kind: "none" };
  const { digits = "", speech = "", confidence } = event as CallEventOf<"gather.result">;
  if (digits === "" && speech.trim() === "") return { kind: "none" };
  return { kind: "answer", digits, speech: speech.trim(), confidence: confidence ?? null };
}

export function answerOutputs(answer: Extract<CallerAnswer, { kind: "answer" }>): Record<string, Json> {
  return { digits: answer.digits, speech: answer.speech, confidence: answer.confidence };
}

export function keywordMatch(speech: string, keywords: string[]): boolean {
  const said = speech.toLowerCase();
  return keywords.some((k) => said.includes(k.toLowerCase()));
}
