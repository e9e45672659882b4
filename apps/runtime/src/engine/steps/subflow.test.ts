import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

/** Asks for a PIN and returns it in `pin`; fails when `failHard` is set. */
const pinFlow = buildFlow({
  name: "Ask PIN",
  variables: [
    { name: "greeting", type: "string", default: "Hello" },
    { name: "pin", type: "string", default: "" },
  ],
  nodes: {
    start: ["start"],
    hello: ["say", { text: { "en-US": "{{vars.greeting}}" } }],
    ask: [
      "collect",
      {
        prompt: { type: "say", text: { "en-US": "PIN?" } },
        variable: "pin",
        minLength: 4,
        maxLength: 4,
        retries: 0,
      },
    ],
    oops: ["httpRequest", { url: "https://x.example.com" }],
  },
  edges: [
    ["start", "inbound", "hello"],
    ["hello", "next", "ask"],
    ["ask", "invalid", "oops"],
  ],
});

const parent = single(
  "subflow",
  {
    flowId: "pin",
    inputs: [{ variable: "greeting", value: "Hi {{call.from}}" }],
    outputs: [{ from: "pin", to: "customerPin" }],
  },
  { variables: [{ name: "customerPin", type: "string", default: "" }] },
);

describe("subflow", () => {
  test("runs the subflow with its own variables, then comes back by completed with the outputs", () => {
    const call = testCall(parent, { subflows: { pin: pinFlow } });
    expect(call.commands.map((c) => c.type)).toEqual(["say", "gather"]);
    expect(call.commands[0]).toMatchObject({ text: "Hi +14155550100" });
    expect(call.state.stack).toHaveLength(1);
    expect(call.state.frame).toMatchObject({ flowId: "pin", vars: { greeting: "Hi +14155550100", pin: "" } });
    expect(call.trace[2]).toMatchObject({ flowId: "pin", nodeId: "start" });

    call.send({ type: "gather.result", digits: "1234" });
    expect(exitVia(call.commands)).toBe("via completed");
    expect(call.state.stack).toEqual([]);
    expect(call.state.frame.vars).toEqual({ customerPin: "1234" });
    expect(call.state.frame.nodes.node).toEqual({ variables: { greeting: "Hi +14155550100", pin: "1234" } });
    expect(traceLines(call.trace).slice(0, 2)).toEqual([
      `ask resume -> valid: collected "1234" into pin`,
      "node resume -> completed: subflow finished",
    ]);
  });

  test("an error the subflow does not handle comes back by failed", () => {
    const call = testCall(parent, { subflows: { pin: pinFlow } });
    call.send({ type: "gather.result", digits: "12" });
    call.send({ type: "http.error", requestId: "CA1:2", message: "ECONNREFUSED" });
    expect(exitVia(call.commands)).toBe("via failed");
    expect(call.state.lastError).toEqual({
      nodeId: "node",
      message: "the subflow failed: the request failed: ECONNREFUSED",
    });
  });

  test("compiling needs the subflow's document", () => {
    expect(() => testCall(parent)).toThrow(/The subflow "pin" is not a published flow/);
  });
});
