import { describe, expect, test } from "vitest";
import { compileTenantRegex, regexProblem } from "./tenant-regex.ts";
import { buildFlow } from "./testing/build-flow.ts";
import { HOSTILE_REGEXES, ORDINARY_REGEXES } from "./testing/hostile-tenant-code.ts";
import { validateFlow } from "./validate.ts";

const matches = (pattern: string, text: string, flags = "") => {
  const compiled = compileTenantRegex(pattern, flags);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.regex.test(text);
};

describe("compileTenantRegex", () => {
  test("ordinary patterns match as JavaScript's RegExp does", () => {
    const cases: [string, string, string][] = [
      ...Object.values(ORDINARY_REGEXES).map(
        ({ pattern, subject }) => [pattern, subject, ""] as [string, string, string],
      ),
      ["^\\d{5}$", "9410", ""],
      ["^g.l", "Gold", "i"],
      ["^g.l", "Gold", ""],
      ["sales|support", "I need support", ""],
      ["^a.b$", "a\nb", "s"],
      ["^b$", "a\nb", "m"],
      ["^b$", "a\nb", ""],
      ["^/api/users/\\d+$", "/api/users/42", "g"],
      ["(?<year>\\d{4})-\\d{2}", "on 2026-03", ""],
    ];
    for (const [pattern, text, flags] of cases)
      expect(matches(pattern, text, flags), `${pattern} /${flags} on ${text}`).toBe(
        new RegExp(pattern, flags).test(text),
      );
  });

  test.each(Object.entries(HOSTILE_REGEXES))(
    "%s runs and answers like RegExp would",
    (_, { pattern, subject }) => {
      expect(matches(pattern, subject)).toBe(pattern === "(.*a){12}");
    },
  );

  test("backreferences and lookaround are refused, naming the construct", () => {
    expect(regexProblem("(\\w)\\1")).toMatch(/^This regular expression uses a backreference such as \\1/);
    expect(regexProblem("(?<x>a)\\k<x>")).toMatch(/uses a backreference/);
    expect(regexProblem("^(?!000)")).toMatch(/uses a lookahead, \(\?=\.\.\.\) or \(\?!\.\.\.\)/);
    expect(regexProblem("a(?=b)")).toMatch(/uses a lookahead/);
    expect(regexProblem("(?<=\\$)\\d+")).toMatch(/uses a lookbehind/);
    expect(regexProblem("(?<!x)y")).toMatch(/uses a lookbehind/);
    expect(regexProblem("(?<!x)y")).toContain("Rewrite it without that.");
  });

  test("other mistakes and unknown flags are plain sentences", () => {
    expect(regexProblem("[a-")).toBe("This is not a valid regular expression: missing closing ]: `[a-`.");
    expect(regexProblem("a", "y")).toBe('The regular expression flag "y" is not supported.');
    expect(regexProblem("a".repeat(1001))).toBe("This regular expression is longer than 1000 characters.");
    expect(regexProblem("^\\d+$", "i")).toBeNull();
  });
});

describe("regexes in node params", () => {
  const flowWith = (operator: "matchesRegex", value: string, validation?: string) =>
    buildFlow({
      nodes: {
        start: ["start"],
        ask: [
          "collect",
          {
            prompt: { type: "say", text: { "en-US": "Your zip code?" } },
            variable: "zip",
            ...(validation === undefined ? {} : { validation }),
          },
        ],
        check: ["split", { conditions: [{ id: "ok", subject: "{{vars.zip}}", operator, value }] }],
        bye: ["hangup"],
      },
      variables: [{ name: "zip", type: "string", default: "" }],
      edges: [
        ["start", "inbound", "ask"],
        ["ask", "valid", "check"],
        ["ask", "noInput", "bye"],
        ["ask", "invalid", "bye"],
        ["check", "ok", "bye"],
        ["check", "else", "bye"],
      ],
    });
  const paramsProblems = (doc: ReturnType<typeof flowWith>) =>
    validateFlow(doc)
      .filter((p) => p.code === "invalid-params")
      .map((p) => [p.nodeId, p.path?.join("."), p.message.slice(0, 48)]);

  test("a split's regex and a collect's validation are checked on the linear-time engine", () => {
    expect(paramsProblems(flowWith("matchesRegex", "^\\d{5}$", "^\\d{5}$"))).toEqual([]);
    expect(paramsProblems(flowWith("matchesRegex", "^(?!000)", "(\\d)\\1"))).toEqual([
      ["ask", "params.validation", "This regular expression uses a backreference suc"],
      ["check", "params.conditions.0.value", "This regular expression uses a lookahead, (?=..."],
    ]);
  });

  test("a split pattern with Liquid in it is left for the call to check", () => {
    expect(paramsProblems(flowWith("matchesRegex", "^{{vars.zip}}(?!x)"))).toEqual([]);
  });
});
