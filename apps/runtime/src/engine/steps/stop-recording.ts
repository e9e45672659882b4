import { next, type StepDefinition } from "./types.ts";

export const stopRecordingStep: StepDefinition<"stopRecording"> = {
  enter(ctx) {
    if (!ctx.state.recording) return next("next", "was not recording");
    ctx.emit({ type: "recording.stop" });
    ctx.state.recording = false;
    return next("next", "recording stopped");
  },
};
