import { fail, next, type StepDefinition } from "./types.ts";

export const voicemailStep: StepDefinition<"voicemail"> = {
  enter(ctx) {
    const p = ctx.params;
    if (p.greeting) ctx.emit(ctx.prompt(p.greeting));
    const mailbox = ctx.render(p.mailbox);
    ctx.emit({
      type: "record",
      turn: ctx.turn,
      purpose: "voicemail",
      maxLengthSeconds: p.maxLengthSeconds,
      transcribe: p.transcribe,
      playBeep: p.playBeep,
      ...(p.finishOnKey ? { finishOnKey: p.finishOnKey } : {}),
      mailbox,
      language: ctx.state.language,
    });
    return { type: "wait", for: "record", reason: `recording a message for mailbox ${mailbox}` };
  },
  resume(ctx, event) {
    if (event.type !== "record.result") return fail(`unexpected ${event.type}`);
    const duration = event.durationSeconds ?? 0;
    ctx.setOutputs({
      recordingUrl: event.url ?? null,
      durationSeconds: duration,
      transcript: event.transcript ?? null,
    });
    if (!event.url || duration <= 0) return next("empty", "no message was left");
    return next("recorded", `message of ${duration} s recorded`);
  },
};
