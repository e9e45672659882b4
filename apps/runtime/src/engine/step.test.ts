import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { compileFlow, FlowCompileError } from "./compile.ts";
import { callStateSchema } from "./state.ts";
import { step } from "./step.ts";
import { exitVia, single, testCall, traceLines, APOLOGY } from "./test-kit.ts";

const menu = () => single("menu");

describe("step", () => {
  test("a replayed or late event (another turn) changes nothing: Twilio's webhook retries are idempotent", () => {
    const call = testCall(menu());
    call.send({ type: "gather.timeout" });
    const before = call.state;
    const replay = step(call.flow, before, { type: "gather.timeout", turn: 1, at: before.lastEventAt + 500 });
    expect(replay.commands).toEqual([]);
    expect(replay.state).toEqual({ ...before, lastEventAt: before.lastEventAt + 500 });
    expect(traceLines(replay.trace)).toEqual([
      "node ignored: gather.timeout for turn 1 ignored: the call is at turn 2 (replayed or late event)",
    ]);
  });

  test("step never mutates the state it is given, and the state is plain JSON", () => {
    const call = testCall(menu());
    const frozen = JSON.parse(JSON.stringify(call.state));
    const result = step(call.flow, call.state, { type: "gather.result", turn: 1, at: 1, digits: "1" });
    expect(call.state).toEqual(frozen);
    expect(callStateSchema.parse(JSON.parse(JSON.stringify(result.state)))).toEqual(result.state);
  });

  test("the caller hanging up ends the call without commands; later events are ignored", () => {
    const call = testCall(menu());
    call.send({ type: "call.hangup" });
    expect(call.commands).toEqual([]);
    expect(call.state).toMatchObject({ status: "ended", waiting: null, endReason: "the caller hung up" });
    call.send({ type: "gather.result", digits: "1" });
    expect(traceLines(call.trace)).toEqual([
      "node ignored: gather.result ignored: the call has already ended",
    ]);
  });

  test("call.status (a final status) ends the call; playback.finished is informational", () => {
    const call = testCall(menu());
    call.send({ type: "playback.finished" });
    expect(call.state.status).toBe("waiting");
    call.send({ type: "call.status", status: "completed" });
    expect(call.state.status).toBe("ended");
  });

  test("an event of the current turn that the node did not ask for goes to error handling", () => {
    const call = testCall(menu());
    call.send({ type: "dial.result", status: "answered" });
    expect(call.commands.map((c) => c.type)).toEqual(["say", "hangup"]);
    expect(call.trace[0]).toMatchObject({
      type: "error",
      reason: "failed: unexpected dial.result while waiting for gather",
    });
  });

  test("an unconnected port hangs up and says so", () => {
    const doc = buildFlow({ nodes: { start: ["start"], hi: ["say"] }, edges: [["start", "inbound", "hi"]] });
    const call = testCall(doc);
    expect(call.commands.at(-1)).toEqual({ type: "hangup", reason: `"next" of hi is not connected` });
  });

  describe("the step bound", () => {
    // A loop with a way out that is never taken: valid (a warning), but it never waits.
    const looping = (settings = {}) =>
      buildFlow({
        variables: [{ name: "n", type: "number", default: 0 }],
        nodes: {
          start: ["start"],
          inc: ["setVariables", { assignments: [{ variable: "n", value: "{{vars.n | plus: 1}}" }] }],
          check: [
            "split",
            { conditions: [{ id: "again", subject: "{{vars.n}}", operator: "greaterThan", value: "-1" }] },
          ],
          handler: ["say", { text: { "en-US": "Stopped at {{vars.n}}: {{error.message}}" } }],
          bye: ["hangup"],
        },
        edges: [
          ["start", "inbound", "inc"],
          ["inc", "next", "check"],
          ["check", "again", "inc"],
          ["check", "else", "bye"],
          ["handler", "next", "bye"],
        ],
        settings: { maxStepsWithoutWait: 20, ...settings },
      });

    test("stops a run that never waits, with a clear error, and goes to the error handler", () => {
      const call = testCall(looping({ onError: "handler" }));
      expect(call.commands).toEqual([
        {
          type: "say",
          text: "Stopped at 10: stopped after 20 steps without waiting for the caller; the flow is looping",
          language: "en-US",
          ssml: false,
          loop: 1,
        },
        { type: "hangup" },
      ]);
      expect(call.trace.find((t) => t.type === "error")).toMatchObject({
        nodeId: "check",
        reason: "failed: stopped after 20 steps without waiting for the caller; the flow is looping",
      });
    });

    test("without an error handler: an apology and a hangup, never a silent hang", () => {
      const call = testCall(looping());
      expect(call.commands.map((c) => c.type)).toEqual(["say", "hangup"]);
      expect(call.state.status).toBe("ended");
    });

    test("an error handler that loops too is stopped as well, and cannot handle its own failure", () => {
      const doc = looping({ onError: "inc" });
      const call = testCall(doc);
      expect(call.commands).toEqual([
        APOLOGY,
        {
          type: "hangup",
          reason:
            "error not handled by the flow: stopped after 20 steps without waiting for the caller; the flow is looping",
        },
      ]);
    });
  });

  test("a node's error port takes its failures before the flow's handler", () => {
    const body = { type: "json" as const, json: "not json {{call.from}}" };
    const withPort = single(
      "httpRequest",
      { url: "https://x.example.com", body },
      { nodes: { handler: ["hangup", { reason: "handler" }] }, settings: { onError: "handler" } },
    );
    expect(exitVia(testCall(withPort).commands)).toBe("via error");
    const withoutPort = buildFlow({
      nodes: {
        start: ["start"],
        fetch: ["httpRequest", { url: "https://x.example.com", body }],
        ok: ["hangup"],
        handler: ["hangup", { reason: "handler" }],
      },
      edges: [
        ["start", "inbound", "fetch"],
        ["fetch", "success", "ok"],
      ],
      settings: { onError: "handler" },
    });
    expect(exitVia(testCall(withoutPort).commands)).toBe("handler");
  });

  test("compiling refuses a flow with errors and lists them", () => {
    const doc = buildFlow({ nodes: { hi: ["say"] } });
    expect(() => compileFlow(doc)).toThrow(FlowCompileError);
    try {
      compileFlow(doc);
    } catch (error) {
      expect((error as FlowCompileError).problems.map((p) => p.code)).toEqual(["no-start"]);
    }
  });

  test("compiling migrates older documents first", () => {
    const legacy = {
      schemaVersion: 1,
      name: "Legacy",
      language: "en-US",
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
        { id: "hi", type: "say", position: { x: 0, y: 100 }, data: { text: "Old hello" } },
      ],
      edges: [{ source: "start", sourceHandle: "inbound", target: "hi" }],
    };
    const call = testCall(compileFlow(legacy).document);
    expect(call.commands[0]).toMatchObject({ type: "say", text: "Old hello" });
  });
});
