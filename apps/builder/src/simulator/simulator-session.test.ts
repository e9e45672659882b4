import { simulatorServerMessageSchema, type SimulatorServerMessage } from "@ringflow/flow-schema";
import { describe, expect, it } from "vitest";
import { describeInput, initialView, reduceView } from "./simulator-session.ts";

/** Messages as the runtime sends them, checked against the protocol schema so drift fails here. */
const script: unknown[] = [
  {
    type: "started",
    callId: "SIM1",
    flow: { name: "Main", flowId: null, version: "draft" },
    clock: "2026-11-23T10:00:00+00:00",
  },
  { type: "say", text: "For sales press 1.", language: "en-US", ssml: false, loop: 1, nodeId: "menu" },
  {
    type: "waiting",
    turn: 1,
    for: "gather",
    nodeId: "menu",
    command: {
      type: "gather",
      turn: 1,
      input: ["dtmf"],
      timeoutSeconds: 5,
      numDigits: 1,
      language: "en-US",
      prompts: [],
    },
  },
  {
    type: "trace",
    entries: [
      {
        at: 0,
        turn: 1,
        flowId: null,
        nodeId: "menu",
        kind: "menu",
        type: "wait",
        port: null,
        variables: {},
        reason: "listening",
      },
    ],
  },
  {
    type: "state",
    status: "waiting",
    turn: 1,
    nodeId: "menu",
    flowId: null,
    language: "en-US",
    variables: { tier: "gold" },
    consent: "unknown",
    recording: false,
    clock: "2026-11-23T10:00:01+00:00",
  },
  { type: "ended", reason: "hangup" },
];

describe("simulator view", () => {
  it("folds the runtime's messages into transcript, waiting state, trace and variables", () => {
    const messages = script.map((m) => simulatorServerMessageSchema.parse(m) as SimulatorServerMessage);
    const views = messages.reduce((acc, m) => [...acc, reduceView(acc.at(-1)!, m)], [initialView]);
    const listening = views[5]!;
    expect(listening.status).toBe("waiting");
    expect(listening.waiting?.nodeId).toBe("menu");
    expect(listening.state?.variables).toEqual({ tier: "gold" });
    expect(listening.trace).toHaveLength(1);
    expect(listening.transcript.map((l) => l.text)).toEqual(["Call started (draft).", "For sales press 1."]);
    const ended = views.at(-1)!;
    expect(ended.status).toBe("ended");
    expect(ended.waiting).toBeNull();
    expect(ended.transcript.at(-1)?.text).toBe("Call ended: hangup.");
  });

  it("shows a refused start with the flow's problems", () => {
    const view = reduceView(
      { ...initialView, status: "connecting" },
      {
        type: "error",
        message: "The flow does not compile.",
        problems: [{ nodeId: "menu", message: "Add an option." }],
      },
    );
    expect(view.status).toBe("failed");
    expect(view.transcript[0]).toMatchObject({
      who: "system",
      tone: "error",
      text: "The flow does not compile. menu: Add an option.",
    });
  });

  it("says what the caller did", () => {
    expect(describeInput({ type: "digits", digits: "12#" })).toBe("You pressed 1 2 #");
    expect(describeInput({ type: "speech", text: "billing" })).toBe("You said “billing”");
  });
});
