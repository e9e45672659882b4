import { describe, expect, test } from "vitest";
import { validateFlow, type FlowDocument } from "@ringflow/flow-schema";
import { APOLOGY, said, single, testCall } from "./test-kit.ts";

/** Templates and patterns whose cost depends on the call's data: validation cannot refuse them, the engine must. */
const LOOP = "{% for a in (1..vars.n) %}{% for b in (1..vars.n) %}x{% endfor %}{% endfor %}";

/** Runs the flow, whose node "node" must fail; the failure's message. */
function failureOf(doc: FlowDocument): { call: ReturnType<typeof testCall>; message: string | undefined } {
  const call = testCall(doc);
  expect(call.state.lastError?.nodeId).toBe("node");
  return { call, message: call.state.lastError?.message };
}

describe("tenant code over a limit at run time", () => {
  const sayFlow = (text: string, n: number) =>
    single(
      "say",
      { text: { "en-US": text } },
      {
        variables: [{ name: "n", type: "number", default: n }],
        nodes: { oops: ["say", { text: { "en-US": "Error: {{ error.message }}" } }], bye: ["hangup"] },
        edges: [["oops", "next", "bye"]],
        settings: { onError: "oops" },
      },
    );

  test("a loop sized by a variable stops at the render limit and the error handler runs", () => {
    const doc = sayFlow(LOOP, 100_000);
    expect(validateFlow(doc).filter((p) => p.severity === "error")).toEqual([]);
    const { call, message } = failureOf(doc);
    expect(message).toBe(
      `Template "${LOOP}" stopped. This text does too much work: it takes more than 25 ms to fill in; make its loops smaller.`,
    );
    expect(call.commands[0]).toEqual(said(`Error: ${message}`));
  });

  test("the same loop with a small variable renders", () => {
    const call = testCall(sayFlow(LOOP, 2));
    expect(call.commands[0]).toEqual(said("xxxx"));
  });

  test("a string doubled by a variable's count stops at the memory limit", () => {
    const { message } = failureOf(
      sayFlow(
        '{% assign s = "ab" %}{% for i in (1..vars.n) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
        40,
      ),
    );
    expect(message).toMatch(
      /stopped\. This text does too much work: it builds more than 500,000 characters or list items\.$/,
    );
  });

  test("a split pattern filled in by Liquid that the regex engine cannot run fails the node", () => {
    const doc = single(
      "split",
      {
        conditions: [
          { id: "hit", subject: "{{ call.from }}", operator: "matchesRegex", value: "^{{ vars.p }}" },
        ],
      },
      { variables: [{ name: "p", type: "string", default: "(?!\\+1)" }] },
    );
    const { call, message } = failureOf(doc);
    expect(message).toBe(
      'The pattern "^(?!\\+1)" cannot be used. This regular expression uses a lookahead, (?=...) or (?!...), ' +
        "which Ringflow does not support: patterns run on an engine that is always fast (RE2). Rewrite it without that.",
    );
    expect(call.commands[0]).toEqual(APOLOGY);
  });
});
