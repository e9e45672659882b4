import {
  answerOf,
  answerOutputs,
  retryAfterNoInput,
  listen,
  retry,
  speechSpec,
  type ListenSpec,
} from "./listen.ts";
import type { StepContext } from "../context.ts";
import { tenantRegex } from "../regex.ts";
import { next, type StepDefinition } from "./types.ts";

const spec = (ctx: StepContext<"collect">): ListenSpec => {
  const p = ctx.params;
  const speech = speechSpec(p);
  if (p.input === "speech")
    return { input: ["speech"], timeoutSeconds: p.timeoutSeconds, hints: p.speechHints, ...speech };
  return {
    ...speech,
    input: p.input === "both" ? ["dtmf", "speech"] : ["dtmf"],
    ...(p.input === "both" ? { hints: p.speechHints } : {}),
    timeoutSeconds: p.timeoutSeconds,
    ...(p.minLength === p.maxLength
      ? { numDigits: p.maxLength }
      : { minDigits: p.minLength, maxDigits: p.maxLength }),
    ...(p.finishOnKey ? { finishOnKey: p.finishOnKey } : {}),
  };
};

export const collectStep: StepDefinition<"collect"> = {
  enter(ctx) {
    return listen(
      ctx,
      spec(ctx),
      [ctx.params.prompt],
      `waiting for ${{ dtmf: "digits", speech: "speech", both: "digits or speech" }[ctx.params.input]}`,
    );
  },
  resume(ctx, event) {
    const p = ctx.params;
    const answer = answerOf(event);
    if (answer.kind === "none") {
      return retryAfterNoInput(ctx, p, spec(ctx));
    }
    // Length limits apply to keyed digits; speech is checked by the pattern only.
    const keyed = p.input !== "speech" && answer.digits !== "";
    let value = keyed ? answer.digits : answer.speech;
    if (keyed && p.finishOnKey && value.endsWith(p.finishOnKey)) value = value.slice(0, -1);
    const problem = invalidBecause(value, keyed ? p : null, p.validation);
    ctx.setOutputs({ ...answerOutputs(answer), value: problem ? null : value });
    if (problem) {
      return retry(ctx, {
        what: `"${value}" is invalid (${problem})`,
        retries: p.retries,
        retryPrompt: p.invalidPrompt,
        prompt: p.prompt,
        spec: spec(ctx),
        giveUpPort: "invalid",
      });
    }
    ctx.setVariable(p.variable, value);
    return next("valid", `collected "${value}" into ${p.variable}`);
  },
};

function invalidBecause(
  value: string,
  lengths: { minLength: number; maxLength: number } | null,
  pattern: string | undefined,
): string | null {
  if (lengths && value.length < lengths.minLength) return `shorter than ${lengths.minLength}`;
  if (lengths && value.length > lengths.maxLength) return `longer than ${lengths.maxLength}`;
  if (pattern && !tenantRegex(pattern).test(value)) return `does not match ${pattern}`;
  return null;
}
