import { describe, expect, it } from "vitest";
import { fieldMeta, schemaAt } from "../params-meta.ts";
import { nodeCatalog } from "../nodes/index.ts";
import { agentViewSchema, wrapUpAnswersSchema, type AgentViewInput } from "../nodes/agent-view.ts";
import { buildFlow } from "../testing/build-flow.ts";
import { validateFlow } from "../validate.ts";
import type { PathEvent } from "./caller-path.ts";
import { formatValue, renderScreenPop } from "./render-screen-pop.ts";

const flow = buildFlow({
  variables: [
    { name: "accountNumber", type: "string", default: "" },
    { name: "reason", type: "string", default: "" },
    { name: "balance", type: "number", default: 0 },
  ],
  nodes: {
    start: ["start"],
    main: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "Sales 1, billing 2." } },
        options: [
          { id: "sales", label: "Sales", dtmf: "1" },
          { id: "billing", label: "Billing", dtmf: "2" },
        ],
      },
    ],
    account: [
      "collect",
      { prompt: { type: "say", text: { "en-US": "Account?" } }, variable: "accountNumber" },
    ],
    why: [
      "collect",
      { prompt: { type: "say", text: { "en-US": "Why?" } }, variable: "reason", input: "speech" },
    ],
    queue: ["enqueue", { queue: "billing" }],
  },
  edges: [
    ["start", "inbound", "main"],
    ["main", "billing", "account"],
    ["account", "valid", "why"],
    ["why", "valid", "queue"],
  ],
});
flow.nodes.find((n) => n.id === "account")!.label = "Account";

const trace = (nodeId: string, port: string | null, flowId: string | null = null): PathEvent => ({
  type: "resume",
  nodeId,
  port,
  data: { turn: 1, flowId, kind: null, reason: "", variables: {} },
});
const input = (nodeId: string, answer: { digits?: string; speech?: string }): PathEvent => ({
  type: "input",
  nodeId,
  port: null,
  data: { event: "gather.result", turn: 1, at: 0, ...answer },
});

/** As the runtime logs them: each answer's input note, then the engine's resume through a port. */
const events: PathEvent[] = [
  { type: "call.start", nodeId: null, port: null, data: { from: "+14155550100", to: "+14155550199" } },
  {
    type: "enter",
    nodeId: "main",
    port: null,
    data: { turn: 0, flowId: null, kind: "menu", reason: "", variables: {} },
  },
  input("main", { digits: "5" }),
  trace("main", "noMatch"),
  input("main", { digits: "2" }),
  trace("main", "billing"),
  input("account", { digits: "4471" }),
  trace("account", "valid"),
  input("why", { speech: "late fee" }),
  trace("why", "valid"),
];

const vars = { accountNumber: "4471", reason: "late fee", balance: 1234.5 };

const view: AgentViewInput = {
  fields: [
    { label: "Account", value: "{{vars.accountNumber}}" },
    { label: "Balance", value: "{{vars.balance}}", format: "money" },
    { label: "Caller", value: "{{call.from}}", format: "phone" },
    { label: "Card", value: "4111111111111111", format: "lastFour" },
    { label: "Missing", value: "{{vars.nothing}}" },
  ],
  script: "Hello, you are speaking with billing about {{ vars.reason | upcase }}.",
  links: [
    { label: "CRM", url: "https://crm.example.com/accounts/{{vars.accountNumber}}" },
    { label: "Bad", url: "javascript:alert({{vars.accountNumber}})" },
    { label: "Empty", url: "{{vars.reason | remove: vars.reason}}" },
  ],
  dispositions: [
    { id: "resolved", label: "Resolved" },
    { id: "followUp", label: "Needs a follow-up" },
  ],
  wrapUp: [{ id: "summary", label: "What did they need?", type: "text", required: true }],
};

describe("renderScreenPop", () => {
  const pop = renderScreenPop({
    view,
    context: { vars, call: { from: "+14155550100" } },
    path: { events, flows: flow },
  });

  it("says the caller's path in words, from the execution log", () => {
    expect(pop.path).toEqual(["chose Billing", "entered account 4471", "said “late fee”"]);
    expect(pop.pathText).toBe("Chose Billing, entered account 4471, said “late fee”");
  });

  it("fills the fields from the call's variables, each in its format", () => {
    expect(pop.fields.map((f) => [f.label, f.text])).toEqual([
      ["Account", "4471"],
      ["Balance", "$1,234.50"],
      ["Caller", "+1 415 555 0100"],
      ["Card", "•••• 1111"],
      ["Missing", ""],
    ]);
    expect(pop.problems).toContainEqual(expect.stringContaining("“Missing” could not be filled in"));
  });

  it("renders the script and builds links, refusing addresses that are not web pages", () => {
    expect(pop.script).toBe("Hello, you are speaking with billing about LATE FEE.");
    expect(pop.links).toEqual([{ label: "CRM", url: "https://crm.example.com/accounts/4471" }]);
    expect(pop.problems).toContain("The link “Bad” is not a web address (http or https).");
  });

  it("passes the outcomes and wrap-up questions through, with defaults filled in", () => {
    expect(pop.dispositions.map((d) => d.id)).toEqual(["resolved", "followUp"]);
    expect(pop.wrapUp).toEqual([
      { id: "summary", label: "What did they need?", type: "text", options: [], required: true },
    ]);
  });

  it("leaves the path out when the block says so, and works with no agent view at all", () => {
    expect(
      renderScreenPop({ view: { showPath: false }, context: {}, path: { events, flows: flow } }).path,
    ).toEqual([]);
    const empty = renderScreenPop({ view: undefined, context: {} });
    expect(empty).toMatchObject({ fields: [], path: [], pathText: "", script: "", links: [], problems: [] });
  });

  it("finds a subflow's blocks by the flow id in the log, and names a collect block by its variable", () => {
    const sub = buildFlow({
      variables: [{ name: "zipCode", type: "string", default: "" }],
      nodes: {
        zip: ["collect", { prompt: { type: "say", text: { "en-US": "Zip?" } }, variable: "zipCode" }],
      },
    });
    const pop = renderScreenPop({
      view: {},
      context: {},
      path: {
        events: [input("zip", { digits: "94107" }), trace("zip", "valid", "flowB")],
        flows: { nodes: flow.nodes, subflows: { flowB: sub } },
      },
    });
    expect(pop.pathText).toBe("Entered zip code 94107");
  });

  it("names the language a caller chose", () => {
    const langFlow = buildFlow({ nodes: { lang: ["languageSelect"] } });
    const pop = renderScreenPop({
      view: {},
      context: {},
      path: { events: [input("lang", { digits: "2" }), trace("lang", "selected")], flows: langFlow },
    });
    expect(pop.pathText).toBe("Chose Mexican Spanish");
  });
});

describe("formatValue", () => {
  it.each([
    ["2026-03-04", "date", "Mar 4, 2026"],
    ["1764590400000", "dateTime", "Dec 1, 2025, 12:00 PM"],
    ["yes", "yesNo", "Yes"],
    ["0", "yesNo", "No"],
    ["12345.678", "number", "12,345.678"],
    ["not a number", "money", "not a number"],
    ["+442071838750", "phone", "+442071838750"],
  ] as const)("%s as %s is %s", (raw, format, text) => {
    expect(formatValue(raw, format)).toBe(text);
  });
});

describe("agent view parameters", () => {
  it("are the same on Enqueue and Transfer, and the inspector finds their labels", () => {
    for (const kind of ["enqueue", "transfer"] as const) {
      const params = nodeCatalog[kind].params;
      expect(fieldMeta(schemaAt(params, ["agentView"])!)?.label).toBe("What the agent sees");
      expect(fieldMeta(schemaAt(params, ["agentView", "fields", 0, "value"])!)?.widget).toBe("liquid");
      // Each kind's own required params, and none of the agent view: it defaults.
      const parsed = params.parse({ queue: "support", target: { type: "phone", value: "+14155550100" } }) as {
        agentView: unknown;
      };
      expect(parsed.agentView).toEqual(agentViewSchema.parse(undefined));
    }
  });

  it("refuse a choice question without choices and two outcomes with one code", () => {
    const result = agentViewSchema.safeParse({
      dispositions: [
        { id: "done", label: "Done" },
        { id: "done", label: "Also done" },
      ],
      wrapUp: [{ id: "topic", label: "Topic", type: "choice" }],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(messages).toContainEqual(["dispositions.1.id", 'Two outcomes share the id "done".']);
    expect(messages).toContainEqual(["wrapUp.0.options", "Give the agent some choices."]);
  });

  it("are checked by flow validation like any template (a variable the flow does not declare)", () => {
    const withView = structuredClone(flow);
    withView.nodes.find((n) => n.id === "queue")!.params.agentView = {
      fields: [{ label: "Plan", value: "{{vars.plan}}" }],
    };
    const problems = validateFlow(withView).filter((p) => p.nodeId === "queue");
    expect(problems.map((p) => p.path?.join("."))).toContain("params.agentView.fields.0.value");
  });
});

describe("wrapUpAnswersSchema", () => {
  const schema = wrapUpAnswersSchema([
    { id: "summary", label: "Summary", type: "text", options: [], required: true },
    { id: "topic", label: "Topic", type: "choice", options: ["Fees", "Moving"], required: true },
    { id: "callBack", label: "Call back?", type: "yesNo", options: [], required: false },
    { id: "when", label: "When", type: "date", options: [], required: false },
  ]);

  it("accepts complete answers and leaves optional ones out", () => {
    expect(schema.parse({ summary: " Late fee waived ", topic: "Fees" })).toEqual({
      summary: "Late fee waived",
      topic: "Fees",
    });
  });

  it("refuses a blank required answer, a choice not offered, a bad date and an unknown question", () => {
    const result = schema.safeParse({ summary: "  ", topic: "Other", when: "tomorrow", extra: 1 });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining(["Answer “Summary”.", "Choose one for “Topic”.", "Enter a date for “When”."]),
    );
    expect(result.error!.issues.some((i) => i.code === "unrecognized_keys")).toBe(true);
  });
});

describe("wrap-up form metadata", () => {
  it("carries each question's label and control, for a form rendered like the inspector", () => {
    const schema = wrapUpAnswersSchema([
      { id: "notes", label: "Anything else?", type: "longText", options: [], required: false },
      { id: "topic", label: "Topic", type: "choice", options: ["Fees"], required: true },
    ]);
    expect(fieldMeta(schema.shape.notes!)).toMatchObject({ label: "Anything else?", widget: "textarea" });
    expect(fieldMeta(schema.shape.topic!)).toMatchObject({ label: "Topic", widget: "select" });
  });
});
