import type { CallCommandOf, PromptCommand } from "@ringflow/flow-schema";
import type { CallAdapter, Segment } from "../../calls/call-adapter.ts";
import { runCommand, type CommandTable } from "../../calls/command-table.ts";
import { ENDED_PLAN, serialisePlan, type AriPlan, type AriStep } from "./plan.ts";

type Builder = { steps: AriStep[] };

/** Consecutive prompts play as one step, so a key press during a menu stops all of them. */
function addPrompts(builder: Builder, prompts: PromptCommand[], bargeIn: boolean): void {
  if (prompts.length === 0) return;
  const last = builder.steps[builder.steps.length - 1];
  if (last?.type === "play" && last.bargeIn === bargeIn) last.prompts.push(...prompts);
  else builder.steps.push({ type: "play", prompts: [...prompts], bargeIn });
}

/** Asterisk's gather: DTMF only (speech needs a recogniser Asterisk does not have; validation says so). */
function listen(builder: Builder, command: CallCommandOf<"gather">): void {
  addPrompts(builder, command.prompts, true);
  const timeoutMs = Math.round(command.timeoutSeconds * 1000);
  builder.steps.push({
    type: "listen",
    turn: command.turn,
    timeoutMs,
    // As on Twilio, the wait for the next key is the block's timeout.
    interDigitMs: timeoutMs,
    ...(command.finishOnKey ? { finishKey: command.finishOnKey } : {}),
    ...(command.numDigits !== undefined ? { numDigits: command.numDigits } : {}),
    ...(command.maxDigits !== undefined ? { maxDigits: command.maxDigits } : {}),
  });
}

/** Every command as steps of the channel's plan; the compiler checks that none is missing. */
export const ariCommands: CommandTable<Builder> = {
  say: (command, builder) => addPrompts(builder, [command], false),
  play: (command, builder) => addPrompts(builder, [command], false),
  gather: (command, builder) => listen(builder, command),
  dial: (command, builder) =>
    void builder.steps.push({
      type: "dial",
      turn: command.turn,
      target: command.target,
      ...(command.callerId ? { callerId: command.callerId } : {}),
      ringTimeoutSeconds: command.timeoutSeconds,
      record: command.record,
    }),
  enqueue: (command, builder) => void builder.steps.push({ type: "enqueue", command }),
  record: (command, builder) =>
    void builder.steps.push({
      type: "record",
      turn: command.turn,
      maxSeconds: command.maxLengthSeconds,
      beep: command.playBeep,
      ...(command.finishOnKey ? { finishKey: command.finishOnKey } : {}),
    }),
  // A snoop channel hears both directions mixed: Asterisk records it as one channel either way.
  "recording.start": (_command, builder) => void builder.steps.push({ type: "record-call", on: true }),
  "recording.stop": (_command, builder) => void builder.steps.push({ type: "record-call", on: false }),
  "http.request": (command, builder) =>
    void builder.steps.push({ type: "hold-for-http", turn: command.turn }),
  "sms.send": { unsupported: "an Asterisk PBX cannot send text messages" },
  // Later commands carry their own language.
  "set-language": () => {},
  hangup: (_command, builder) => void builder.steps.push({ type: "hangup" }),
};

/** The steps of one turn as one plan. A request answered inline leaves its hold music out. */
export function renderPlan(segments: Segment[]): AriPlan {
  const builder: Builder = { steps: [] };
  segments.forEach((segment, index) => {
    const inner = index < segments.length - 1;
    for (const command of segment.commands)
      if (!inner || (command.type !== "http.request" && command.type !== "sms.send"))
        runCommand(ariCommands, command, builder);
  });
  const last = segments[segments.length - 1];
  const ended = last?.state.status === "ended";
  if (ended && builder.steps[builder.steps.length - 1]?.type !== "hangup")
    builder.steps.push({ type: "hangup" });
  const turn = last?.state.turn ?? 0;
  return { id: `${ended ? "end" : "wait"}:${turn}`, turn, steps: builder.steps };
}

/** Asterisk's side of the call core: a turn's steps become the channel's plan, stored as JSON. */
export const asteriskAdapter: CallAdapter<string> = {
  ended: serialisePlan(ENDED_PLAN),
  render: (segments) => serialisePlan(renderPlan(segments)),
};
