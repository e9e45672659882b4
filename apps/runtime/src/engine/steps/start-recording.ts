import { recordingAllowed } from "@ringflow/flow-schema";
import { next, type StepDefinition } from "./types.ts";

export const startRecordingStep: StepDefinition<"startRecording"> = {
  enter(ctx) {
    const s = ctx.state;
    if (s.recording) {
      ctx.setOutputs({ started: true });
      return next("next", "already recording");
    }
    // The consent rule lives here, not in the adapters: no consent, no recording.start.
    if (!recordingAllowed(s.consent, s.callerState)) {
      ctx.setOutputs({ started: false });
      return next(
        "next",
        `not recording: consent ${s.consent === "declined" ? "was declined" : `is required (caller's state ${s.callerState ?? "unknown"}) and was not given`}`,
      );
    }
    ctx.emit({ type: "recording.start", channels: ctx.params.channels });
    s.recording = true;
    ctx.setOutputs({ started: true });
    return next("next", "recording started");
  },
};
