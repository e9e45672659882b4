import type { StepContext } from "../context.ts";
import { answerOf, listen } from "./listen.ts";
import { next, type Outcome, type StepDefinition } from "./types.ts";

export const recordingConsentStep: StepDefinition<"recordingConsent"> = {
  enter(ctx) {
    const p = ctx.params;
    const state = ctx.state.callerState;
    const required = p.requirement === "always" || !state || p.allPartyStates.includes(state);
    const why =
      p.requirement === "always"
        ? "always required"
        : state
          ? `caller in ${state}`
          : "caller's state unknown";
    if (!required) {
      if (p.announceWhenNotRequired) ctx.emit(ctx.prompt(p.announcement));
      return decide(ctx, "not-required", `consent not required (${why})`);
    }
    if (!p.askToAgree) {
      ctx.emit(ctx.prompt(p.announcement));
      return decide(
        ctx,
        "granted",
        `consent required (${why}); announced, staying on the line counts as consent`,
      );
    }
    return listen(
      ctx,
      { input: ["dtmf"], timeoutSeconds: p.timeoutSeconds, numDigits: 1 },
      [p.announcement],
      `consent required (${why}); waiting for key ${p.agreeKey}`,
    );
  },
  resume(ctx, event) {
    const answer = answerOf(event);
    if (answer.kind === "answer" && answer.digits === ctx.params.agreeKey)
      return decide(ctx, "granted", `caller pressed ${answer.digits} to agree`);
    const what = answer.kind === "none" ? "no answer" : `caller pressed ${answer.digits || "nothing"}`;
    return decide(ctx, "declined", `${what}: consent not given, recording stays off`);
  },
};

function decide(
  ctx: StepContext<"recordingConsent">,
  status: "not-required" | "granted" | "declined",
  reason: string,
): Outcome {
  ctx.state.consent = status;
  ctx.trace.variables["call.consent"] = status;
  ctx.setOutputs({ status });
  if (status === "declined" && ctx.state.recording) {
    ctx.emit({ type: "recording.stop" });
    ctx.state.recording = false;
  }
  return next(status === "declined" ? "declined" : "consented", reason);
}
