import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { testCall } from "./test-kit.ts";

/** `{{ a.b }}` is rendered by a property lookup; it must say exactly what Liquid would. */
describe("rendering plain paths", () => {
  const render = (text: string) => {
    const doc = buildFlow({
      variables: [
        { name: "n", type: "number", default: 12.5 },
        { name: "yes", type: "boolean", default: true },
        { name: "list", type: "json", default: ["a", "b"] },
        { name: "nothing", type: "json", default: null },
      ],
      nodes: { start: ["start"], hi: ["say", { text: { "en-US": text } }] },
      edges: [["start", "inbound", "hi"]],
    });
    return testCall(doc).commands[0];
  };

  test.each([
    ["{{vars.n}}", "12.5"],
    ["{{ vars.yes }}", "true"],
    ["{{vars.list.size}}", "2"],
    ["{{vars.list.first}}", "a"],
    ["{{vars.nothing}}", ""],
    ["{{call.from}}", "+14155550100"],
  ])("%s says %j", (template, said) => {
    expect(render(template)).toMatchObject({ type: "say", text: said });
  });

  test("a missing path fails the node the way Liquid does", () => {
    expect(render("{{vars.n.missing}}")).toMatchObject({
      type: "say",
      text: expect.stringContaining("Sorry"),
    });
  });
});
