import {
  answerOf,
  answerOutputs,
  retryAfterNoInput,
  keywordMatch,
  listen,
  retry,
  speechSpec,
  type ListenSpec,
} from "./listen.ts";
import type { StepContext } from "../context.ts";
import { next, type StepDefinition } from "./types.ts";

const spec = (ctx: StepContext<"menu">): ListenSpec => ({
  input: ctx.params.input,
  timeoutSeconds: ctx.params.timeoutSeconds,
  numDigits: 1,
  hints: [...ctx.params.speechHints, ...ctx.params.options.flatMap((o) => o.keywords)],
  ...speechSpec(ctx.params),
});

export const menuStep: StepDefinition<"menu"> = {
  enter(ctx) {
    return listen(ctx, spec(ctx), [ctx.params.prompt], "menu played, waiting for a choice");
  },
  resume(ctx, event) {
    const p = ctx.params;
    const answer = answerOf(event);
    if (answer.kind === "none") {
      return retryAfterNoInput(ctx, p, spec(ctx));
    }
    const option =
      (answer.digits ? p.options.find((o) => o.dtmf === answer.digits) : undefined) ??
      (answer.speech ? p.options.find((o) => keywordMatch(answer.speech, o.keywords)) : undefined);
    ctx.setOutputs({ ...answerOutputs(answer), option: option?.id ?? null });
    const given = answer.digits ? `key ${answer.digits}` : `"${answer.speech}"`;
    if (!option) {
      return retry(ctx, {
        what: `${given} matches no option`,
        retries: p.retries,
        retryPrompt: p.noMatchPrompt,
        prompt: p.prompt,
        spec: spec(ctx),
        giveUpPort: "noMatch",
      });
    }
    return next(option.id, `caller chose ${option.label || option.id} (${given})`);
  },
};
