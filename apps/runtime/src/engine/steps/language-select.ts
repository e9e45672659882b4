import { answerOf, keywordMatch, listen, retry, type ListenSpec } from "./listen.ts";
import type { StepContext } from "../context.ts";
import { next, type StepDefinition } from "./types.ts";

const spec = (ctx: StepContext<"languageSelect">): ListenSpec => ({
  input: ["dtmf", "speech"],
  timeoutSeconds: ctx.params.timeoutSeconds,
  numDigits: 1,
  hints: ctx.params.choices.flatMap((c) => c.keywords),
});

export const languageSelectStep: StepDefinition<"languageSelect"> = {
  enter(ctx) {
    return listen(ctx, spec(ctx), [ctx.params.prompt], "asking for a language");
  },
  resume(ctx, event) {
    const p = ctx.params;
    const answer = answerOf(event);
    const choice =
      answer.kind === "answer"
        ? (p.choices.find((c) => answer.digits !== "" && c.dtmf === answer.digits) ??
          p.choices.find((c) => answer.speech !== "" && keywordMatch(answer.speech, c.keywords)))
        : undefined;
    if (!choice) {
      const what =
        answer.kind === "none"
          ? `no input after ${p.timeoutSeconds} s`
          : `"${answer.digits || answer.speech}" is not a language choice`;
      return retry(ctx, {
        what,
        retries: p.retries,
        retryPrompt: p.noInputPrompt,
        prompt: p.prompt,
        spec: spec(ctx),
        giveUpPort: "noSelection",
      });
    }
    ctx.state.language = choice.language;
    ctx.trace.variables["call.language"] = choice.language;
    ctx.emit({ type: "set-language", language: choice.language });
    ctx.setOutputs({ language: choice.language });
    return next("selected", `caller chose ${choice.language}`);
  },
};
