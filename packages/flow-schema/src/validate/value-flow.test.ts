import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { importTwilioStudio } from "../import/twilio-studio.ts";
import { flowTemplates } from "../templates/index.ts";
import { buildFlow, type FlowSpec } from "../testing/build-flow.ts";
import { largeFlow } from "../testing/large-flow.ts";
import { validateFlow, type Problem } from "../validate.ts";

const VALUE_CODES = new Set([
  "branch-never-taken",
  "condition-always-true",
  "condition-always-false",
  "superseded-answer",
]);
const valueWarnings = (problems: Problem[]) => problems.filter((p) => VALUE_CODES.has(p.code));
const ask = (text: string) => ({ type: "say" as const, text: { "en-US": text } });
const hangups = (...ids: string[]): FlowSpec["nodes"] =>
  Object.fromEntries(ids.map((id) => [id, ["hangup"]])) as FlowSpec["nodes"];
const label = (doc: ReturnType<typeof buildFlow>, names: Record<string, string>) => {
  for (const node of doc.nodes) if (names[node.id]) node.label = names[node.id];
  return doc;
};

/** A collect whose # ends the entry, then a split that looks for the #. */
const hashAfterAccount = (finishOnKey: string) =>
  label(
    buildFlow({
      variables: [{ name: "account", type: "string", default: "" }],
      nodes: {
        start: ["start"],
        acct: ["collect", { prompt: ask("Your account number, then #."), variable: "account", finishOnKey }],
        check: [
          "split",
          { conditions: [{ id: "hash", subject: "{{vars.account}}", operator: "contains", value: "#" }] },
        ],
        ...hangups("support", "billing", "bye"),
      },
      edges: [
        ["start", "inbound", "acct"],
        ["acct", "valid", "check"],
        ["acct", "noInput", "bye"],
        ["acct", "invalid", "bye"],
        ["check", "hash", "support"],
        ["check", "else", "billing"],
      ],
    }),
    { acct: "Account number", check: "Check entry", support: "Support" },
  );

const mainMenu = (keys: string[]) => ({
  prompt: ask("Choose."),
  options: keys.map((k) => ({ id: `k${k}`, dtmf: k })),
});

/** A menu whose option ports (all, or only `into`) lead to a split on the key pressed. */
const menuThenSplit = (
  keys: string[],
  conditions: { id: string; operator: "equals" | "inList"; value?: string; list?: string[] }[],
  into = keys,
) =>
  label(
    buildFlow({
      nodes: {
        start: ["start"],
        menu: ["menu", mainMenu(keys)],
        route: ["split", { conditions: conditions.map((c) => ({ ...c, subject: "{{nodes.menu.digits}}" })) }],
        ...hangups("bye", ...conditions.map((c) => `to_${c.id}`), "to_else"),
      },
      edges: [
        ["start", "inbound", "menu"],
        ...keys.map((k): [string, string, string] => ["menu", `k${k}`, into.includes(k) ? "route" : "bye"]),
        ["menu", "noInput", "bye"],
        ["menu", "noMatch", "bye"],
        ...conditions.map((c): [string, string, string] => ["route", c.id, `to_${c.id}`]),
        ["route", "else", "to_else"],
      ],
    }),
    { route: "Route", to_else: "Operator" },
  );

/** Studio's retry pattern: no match asks again, but the split still reads the first menu's key. */
const reAskedMenu = (splitReads: "menu" | "again") =>
  label(
    buildFlow({
      nodes: {
        start: ["start"],
        menu: ["menu", mainMenu(["1", "2"])],
        again: ["menu", { ...mainMenu(["1", "2", "0"]), prompt: ask("Sorry. Choose again.") }],
        route: [
          "split",
          {
            conditions: [
              { id: "sales", subject: `{{nodes.${splitReads}.digits}}`, operator: "equals", value: "1" },
              { id: "support", subject: `{{nodes.${splitReads}.digits}}`, operator: "equals", value: "2" },
            ],
          },
        ],
        ...hangups("to_sales", "to_support", "operator", "bye"),
      },
      edges: [
        ["start", "inbound", "menu"],
        ["menu", "k1", splitReads === "menu" ? "route" : "to_sales"],
        ["menu", "k2", splitReads === "menu" ? "route" : "to_support"],
        ["menu", "noMatch", "again"],
        ["menu", "noInput", "bye"],
        ["again", "k1", "route"],
        ["again", "k2", "route"],
        ["again", "k0", "route"],
        ["again", "noMatch", "bye"],
        ["again", "noInput", "bye"],
        ["route", "sales", "to_sales"],
        ["route", "support", "to_support"],
        ["route", "else", "operator"],
      ],
    }),
    { menu: "Main menu", again: "Ask again", route: "Route", operator: "Operator" },
  );

/** Night mode set by a constant, then tested: the split is decided before any call. */
const constantMode = (value: string) =>
  label(
    buildFlow({
      variables: [{ name: "mode", type: "string", default: "day" }],
      nodes: {
        start: ["start"],
        set: ["setVariables", { assignments: [{ variable: "mode", value }] }],
        which: [
          "split",
          { conditions: [{ id: "night", subject: "{{ vars.mode }}", operator: "equals", value: "night" }] },
        ],
        ...hangups("night", "day"),
      },
      edges: [
        ["start", "inbound", "set"],
        ["set", "next", "which"],
        ["which", "night", "night"],
        ["which", "else", "day"],
      ],
    }),
    { which: "Night or day", night: "Night line", day: "Day line" },
  );

const cases: {
  name: string;
  buggy: ReturnType<typeof buildFlow>;
  fixed: ReturnType<typeof buildFlow>;
  expected: { code: string; nodeId: string; says: string[] }[];
}[] = [
  {
    name: "a condition that is never true: the finish key is never part of the entry",
    buggy: hashAfterAccount("#"),
    fixed: hashAfterAccount(""),
    expected: [
      {
        code: "condition-always-false",
        nodeId: "check",
        says: [
          'Callers never reach "Support" from "Check entry"',
          "without the # that ends the entry",
          'set by "Account number"',
          '"start" (Inbound call) → "Account number" (Valid) → "Check entry"',
        ],
      },
    ],
  },
  {
    name: "a condition that is always true: the split reads a value set to a constant",
    buggy: constantMode("night"),
    fixed: constantMode("{{ call.from }}"),
    expected: [
      {
        code: "condition-always-true",
        nodeId: "which",
        says: [
          'Every caller leaves "Night or day" through "night" to "Night line"',
          '"Day line" is never reached',
          '"night"',
        ],
      },
    ],
  },
  {
    name: "a branch an earlier condition always takes first",
    buggy: menuThenSplit(
      ["1", "2", "3"],
      [
        { id: "many", operator: "inList", list: ["2", "3"] },
        { id: "three", operator: "equals", value: "3" },
      ],
    ),
    fixed: menuThenSplit(
      ["1", "2", "3", "4"],
      [
        { id: "many", operator: "inList", list: ["2", "3"] },
        { id: "one", operator: "equals", value: "1" },
      ],
    ),
    expected: [
      {
        code: "branch-never-taken",
        nodeId: "route",
        says: ['Callers never reach "to_three" from "Route"', "earlier condition"],
      },
    ],
  },
  {
    name: "an Else no caller reaches: the menu's keys are all tested",
    buggy: menuThenSplit(
      ["1", "2"],
      [
        { id: "one", operator: "equals", value: "1" },
        { id: "two", operator: "equals", value: "2" },
      ],
    ),
    fixed: menuThenSplit(
      ["1", "2", "3"],
      [
        { id: "one", operator: "equals", value: "1" },
        { id: "two", operator: "equals", value: "2" },
      ],
    ),
    expected: [
      {
        code: "branch-never-taken",
        nodeId: "route",
        says: ['Callers never leave "Route" through Else to "Operator"', '"1" or "2"'],
      },
    ],
  },
  {
    name: "a split reached from one option only: its condition is always true there",
    buggy: menuThenSplit(["1", "2"], [{ id: "one", operator: "equals", value: "1" }], ["1"]),
    fixed: menuThenSplit(["1", "2"], [{ id: "one", operator: "equals", value: "1" }]),
    expected: [{ code: "condition-always-true", nodeId: "route", says: ['"Operator" is never reached'] }],
  },
  {
    name: "an answer a later question asked for again",
    buggy: reAskedMenu("menu"),
    fixed: reAskedMenu("again"),
    expected: [
      {
        code: "superseded-answer",
        nodeId: "route",
        says: [
          '"Route" uses the answer to "Main menu" ({{nodes.menu.digits}})',
          '"Main menu" (No match) → "Ask again" (k1) → "Route"',
          'callers are asked again at "Ask again": what they answer there is ignored here',
          'so on that path callers always go to "Operator"',
        ],
      },
    ],
  },
];

describe("value-flow warnings", () => {
  test.each(cases)("$name", ({ buggy, fixed, expected }) => {
    const found = valueWarnings(validateFlow(buggy));
    expect(found.map((p) => `${p.code}@${p.nodeId}`)).toEqual(expected.map((e) => `${e.code}@${e.nodeId}`));
    found.forEach((problem, i) => {
      expect(problem.severity).toBe("warning");
      for (const words of expected[i]?.says ?? []) expect(problem.message).toContain(words);
    });
    expect(validateFlow(fixed)).toEqual([]);
    expect(validateFlow(buggy).filter((p) => !VALUE_CODES.has(p.code))).toEqual([]);
  });

  test("a reference to a block that does not exist names the nearest id and what callers get", () => {
    const doc = menuThenSplit(["1", "2", "3"], [{ id: "one", operator: "equals", value: "1" }]);
    const route = doc.nodes.find((n) => n.id === "route");
    if (route)
      route.params = {
        conditions: [{ id: "one", subject: "{{nodes.Menu.digits}}", operator: "equals", value: "1" }],
      };
    const problems = validateFlow(doc);
    expect(problems.map((p) => `${p.code}@${p.nodeId}`)).toEqual(["unknown-reference@route"]);
    expect(problems[0]?.message).toContain('reads node "Menu", which does not exist (did you mean "menu"?)');
    expect(problems[0]?.message).toContain("callers who reach this block get an error instead");
    expect(
      validateFlow(menuThenSplit(["1", "2", "3"], [{ id: "one", operator: "equals", value: "1" }])),
    ).toEqual([]);
  });

  test("a variable index and other Liquid the analysis does not follow give no warning", () => {
    const doc = buildFlow({
      variables: [
        { name: "items", type: "json", default: ["a", "b"] },
        { name: "i", type: "number", default: 0 },
        { name: "pick", type: "string", default: "" },
      ],
      nodes: {
        start: ["start"],
        set: ["setVariables", { assignments: [{ variable: "pick", value: "{{ vars.items[vars.i] }}" }] }],
        hi: [
          "say",
          { text: { "en-US": "You have {{ vars.items[vars.i] }} and {{ vars.items[vars.i] | upcase }}." } },
        ],
        which: [
          "split",
          {
            conditions: [
              { id: "a", subject: "{{ vars.items[vars.i] }}", operator: "equals", value: "a" },
              { id: "b", subject: "{{vars.pick}}", operator: "equals", value: "b" },
              { id: "c", subject: "{{- vars.pick -}}", operator: "equals", value: "c" },
            ],
          },
        ],
        ...hangups("a", "b", "c", "other"),
      },
      edges: [
        ["start", "inbound", "set"],
        ["set", "next", "hi"],
        ["hi", "next", "which"],
        ["which", "a", "a"],
        ["which", "b", "b"],
        ["which", "c", "c"],
        ["which", "else", "other"],
      ],
    });
    expect(validateFlow(doc)).toEqual([]);
  });

  test("a variable no block writes is given from outside (a parent flow, an API call): its default proves nothing", () => {
    const doc = buildFlow({
      variables: [{ name: "lang", type: "string", default: "en" }],
      nodes: {
        start: ["start", { accepts: ["inbound", "outbound"] }],
        which: [
          "split",
          { conditions: [{ id: "es", subject: "{{vars.lang}}", operator: "equals", value: "es" }] },
        ],
        ...hangups("es", "en"),
      },
      edges: [
        ["start", "inbound", "which"],
        ["start", "outbound", "which"],
        ["which", "es", "es"],
        ["which", "else", "en"],
      ],
    });
    expect(validateFlow(doc)).toEqual([]);
  });

  test("an outbound call brings its own values: a default tested after the outbound entry is not constant", () => {
    const doc = constantMode("night");
    const start = doc.nodes.find((n) => n.id === "start");
    if (start) start.params = { accepts: ["inbound", "outbound"] };
    doc.edges = doc.edges.filter((e) => e.source !== "start");
    doc.edges.push({ id: "o", source: "start", sourcePort: "outbound", target: "which" });
    doc.edges.push({ id: "i", source: "start", sourcePort: "inbound", target: "set" });
    expect(valueWarnings(validateFlow(doc))).toEqual([]);
  });

  test("a loop that keeps growing a value converges to 'anything' and warns about nothing", () => {
    const doc = buildFlow({
      variables: [{ name: "path", type: "string", default: "" }],
      nodes: {
        start: ["start"],
        menu: ["menu", mainMenu(["1", "2"])],
        grow: [
          "setVariables",
          { assignments: [{ variable: "path", value: "{{vars.path}}{{nodes.menu.digits}}" }] },
        ],
        which: [
          "split",
          { conditions: [{ id: "long", subject: "{{vars.path}}", operator: "equals", value: "1212" }] },
        ],
        ...hangups("done", "bye"),
      },
      edges: [
        ["start", "inbound", "menu"],
        ["menu", "k1", "grow"],
        ["menu", "k2", "grow"],
        ["menu", "noInput", "bye"],
        ["menu", "noMatch", "bye"],
        ["grow", "next", "which"],
        ["which", "long", "done"],
        ["which", "else", "menu"],
      ],
    });
    expect(valueWarnings(validateFlow(doc))).toEqual([]);
  });

  test("no value-flow warnings on the templates, the Studio corpus or the large flow", () => {
    for (const template of Object.values(flowTemplates))
      expect(valueWarnings(validateFlow(template.build()))).toEqual([]);
    const dir = new URL("../import/fixtures/", import.meta.url);
    let imported = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      let document;
      try {
        document = importTwilioStudio(readFileSync(new URL(file, dir), "utf8")).document;
      } catch {
        continue; // the pre-2019 format is refused with a sentence, not imported
      }
      imported++;
      expect(valueWarnings(validateFlow(document)), file).toEqual([]);
    }
    expect(imported).toBeGreaterThanOrEqual(4);
    expect(valueWarnings(validateFlow(largeFlow(20)))).toEqual([]);
  });
});
