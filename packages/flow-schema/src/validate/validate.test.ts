import { describe, expect, test } from "vitest";
import type { FlowDocument } from "../graph.ts";
import { buildFlow } from "../testing/build-flow.ts";
import { validateFlow, type Problem } from "../validate.ts";

const codes = (problems: Problem[]) =>
  problems.map((p) => `${p.severity}:${p.code}${p.nodeId ? `@${p.nodeId}` : ""}`);

const menuFlow = () =>
  buildFlow({
    variables: [{ name: "tier", type: "string", default: "basic" }],
    nodes: {
      start: ["start"],
      mainMenu: ["menu"],
      sales: ["say", { text: { "en-US": "You pressed {{nodes.mainMenu.digits}}, tier {{vars.tier}}." } }],
      support: ["hangup"],
      bye: ["hangup"],
    },
    edges: [
      ["start", "inbound", "mainMenu"],
      ["mainMenu", "sales", "sales"],
      ["mainMenu", "support", "support"],
      ["mainMenu", "noInput", "bye"],
      ["mainMenu", "noMatch", "bye"],
      ["sales", "next", "bye"],
    ],
  });

describe("validateFlow", () => {
  test("a well-formed flow has no problems", () => {
    expect(validateFlow(menuFlow())).toEqual([]);
  });

  test("something that is not a document comes back as problems, not an exception", () => {
    expect(codes(validateFlow({ nodes: 3 }))).toContain("error:invalid-document");
    expect(validateFlow(null)[0]?.code).toBe("invalid-document");
  });

  test("no start and several starts", () => {
    expect(codes(validateFlow(buildFlow({ nodes: { bye: ["hangup"] } })))).toEqual(["error:no-start"]);
    const noStartBadTemplate = buildFlow({
      nodes: { hi: ["say", { text: { "en-US": "{{ vars.nope }}" } }] },
    });
    expect(codes(validateFlow(noStartBadTemplate))).toEqual([
      "error:no-start",
      "error:undeclared-variable@hi",
    ]);
    const two = buildFlow({ nodes: { a: ["start"], b: ["start"] } });
    expect(codes(validateFlow(two))).toContain("error:several-starts@b");
  });

  test("edges to missing nodes and ports, and a port connected twice", () => {
    const doc = menuFlow();
    doc.edges.push({ id: "x", source: "sales", sourcePort: "next", target: "ghost" });
    doc.edges.push({ id: "y", source: "mainMenu", sourcePort: "billing", target: "bye" });
    doc.edges.push({ id: "z", source: "nobody", sourcePort: "next", target: "bye" });
    doc.edges.push({ id: "w", source: "mainMenu", sourcePort: "sales", target: "bye" });
    const problems = validateFlow(doc);
    expect(codes(problems)).toEqual(
      expect.arrayContaining([
        "error:edge-missing-target@sales",
        "error:edge-unknown-port@mainMenu",
        "error:edge-missing-source",
        "error:port-connected-twice@mainMenu",
      ]),
    );
    expect(problems.find((p) => p.code === "edge-unknown-port")?.message).toContain(
      "sales, support, noInput, noMatch",
    );
  });

  test("required and malformed params name the field by its label and path", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        hi: ["say", { text: {} } as never],
        call: ["transfer", { target: { type: "phone" } } as never],
      },
      edges: [
        ["start", "inbound", "hi"],
        ["hi", "next", "call"],
      ],
    });
    const problems = validateFlow(doc).filter((p) => p.code === "invalid-params");
    expect(problems).toContainEqual(
      expect.objectContaining({ nodeId: "hi", path: ["params", "text"], message: "Enter the text to say." }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "call",
        path: ["params", "target", "value"],
        message: "Number, SIP URI or extension is required.",
      }),
    );
  });

  test("duplicate menu keys are reported on the option", () => {
    const doc = menuFlow();
    const menu = doc.nodes[1] as FlowDocument["nodes"][number];
    menu.params = {
      ...menu.params,
      options: [
        { id: "a", dtmf: "1" },
        { id: "b", dtmf: "1" },
      ],
    };
    expect(validateFlow(doc)).toContainEqual(
      expect.objectContaining({
        code: "invalid-params",
        path: ["params", "options", 1, "dtmf"],
        message: "Key 1 is used by two options.",
      }),
    );
  });

  test("references to undeclared variables, unknown nodes, unknown outputs and unknown roots", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        hi: [
          "say",
          {
            text: {
              "en-US":
                "{{vars.nope}} {{nodes.ghost.digits}} {{nodes.start.digits}} {{caller.name}} {{call.sid}}",
            },
          },
        ],
      },
      edges: [["start", "inbound", "hi"]],
    });
    const problems = validateFlow(doc).filter((p) => p.severity === "error");
    expect(codes(problems)).toEqual([
      "error:undeclared-variable@hi",
      "error:unknown-reference@hi",
      "error:unknown-node-output@hi",
      "error:unknown-reference@hi",
      "error:unknown-reference@hi",
    ]);
    expect(problems[0]?.path).toEqual(["params", "text", "en-US"]);
  });

  test("the stale-reference bug: reading a node's result where it never ran", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        hours: ["businessHours"],
        mainMenu: ["menu"],
        closed: ["say", { text: { "en-US": "We are closed. You chose {{nodes.mainMenu.option}}." } }],
        maybe: ["say", { text: { "en-US": "Last choice: {{nodes.mainMenu.digits}}" } }],
      },
      edges: [
        ["start", "inbound", "hours"],
        ["hours", "open", "mainMenu"],
        ["hours", "closed", "closed"],
        ["hours", "holiday", "maybe"],
        ["mainMenu", "sales", "maybe"],
      ],
    });
    const problems = validateFlow(doc);
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: "error", code: "stale-reference", nodeId: "closed" }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: "warning", code: "maybe-unset-reference", nodeId: "maybe" }),
    );
  });

  test("variables a node writes must be declared", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        set: ["setVariables", { assignments: [{ variable: "count", value: "1" }] }],
      },
      edges: [["start", "inbound", "set"]],
    });
    expect(validateFlow(doc)).toContainEqual(
      expect.objectContaining({
        code: "undeclared-variable",
        nodeId: "set",
        path: ["params", "assignments", 0, "variable"],
      }),
    );
  });

  test("invalid Liquid is an error at the template's path", () => {
    const doc = buildFlow({
      nodes: { start: ["start"], hi: ["say", { text: { "en-US": "Hi {{ call.from " } }] },
      edges: [["start", "inbound", "hi"]],
    });
    expect(validateFlow(doc)).toContainEqual(
      expect.objectContaining({ code: "invalid-template", path: ["params", "text", "en-US"] }),
    );
  });

  test("a loop that never waits is an error; one with a way out is a warning; one through a menu is fine", () => {
    const endless = buildFlow({
      nodes: { start: ["start"], a: ["say"], b: ["say"] },
      edges: [
        ["start", "inbound", "a"],
        ["a", "next", "b"],
        ["b", "next", "a"],
      ],
    });
    expect(codes(validateFlow(endless))).toEqual(["error:endless-loop@a", "error:endless-loop@b"]);
    const counted = buildFlow({
      variables: [{ name: "n", type: "number", default: 0 }],
      nodes: {
        start: ["start"],
        inc: ["setVariables", { assignments: [{ variable: "n", value: "{{vars.n | plus: 1}}" }] }],
        check: [
          "split",
          { conditions: [{ id: "again", subject: "{{vars.n}}", operator: "lessThan", value: "3" }] },
        ],
        bye: ["hangup"],
      },
      edges: [
        ["start", "inbound", "inc"],
        ["inc", "next", "check"],
        ["check", "again", "inc"],
        ["check", "else", "bye"],
      ],
    });
    expect(codes(validateFlow(counted))).toEqual([
      "warning:loop-without-wait@inc",
      "warning:loop-without-wait@check",
    ]);
    const viaMenu = menuFlow();
    viaMenu.edges = viaMenu.edges.map((e) => (e.source === "sales" ? { ...e, target: "mainMenu" } : e));
    expect(validateFlow(viaMenu).filter((p) => p.code.includes("loop"))).toEqual([]);
  });

  test("unreachable nodes and unconnected ports are warnings that say what happens", () => {
    const doc = menuFlow();
    doc.edges = doc.edges.filter((e) => e.sourcePort !== "noMatch" && e.target !== "support");
    const problems = validateFlow(doc);
    expect(codes(problems)).toEqual([
      "warning:unreachable-node@support",
      "warning:unconnected-port@mainMenu",
      "warning:unconnected-port@mainMenu",
    ]);
    expect(problems[2]?.message).toBe(
      `"No match" is not connected: when the caller's answer matched no option after every retry, the call hangs up (in a subflow, it returns to the calling flow).`,
    );
  });

  test("subflows must exist and must not cycle", () => {
    const runs = (flowId: string) =>
      buildFlow({
        nodes: { start: ["start"], sub: ["subflow", { flowId }], bye: ["hangup"] },
        edges: [
          ["start", "inbound", "sub"],
          ["sub", "completed", "bye"],
        ],
      });
    const knownFlows = {
      a: runs("b"),
      b: runs("c"),
      c: runs("a"),
      leaf: buildFlow({ nodes: { start: ["start"] } }),
    };
    expect(codes(validateFlow(runs("b"), { flowId: "a", knownFlows }))).toEqual(["error:subflow-cycle@sub"]);
    expect(validateFlow(runs("b"), { flowId: "a", knownFlows })[0]?.message).toContain("a → b → c → a");
    expect(codes(validateFlow(runs("self"), { flowId: "self" }))).toEqual(["error:subflow-cycle@sub"]);
    expect(codes(validateFlow(runs("missing"), { flowId: "x", knownFlows }))).toEqual([
      "error:unknown-subflow@sub",
    ]);
    expect(validateFlow(runs("leaf"), { flowId: "x", knownFlows })).toEqual([]);
    const withInputs = buildFlow({
      nodes: {
        start: ["start"],
        sub: [
          "subflow",
          {
            flowId: "leaf",
            inputs: [{ variable: "nope", value: "1" }],
            outputs: [{ from: "gone", to: "x" }],
          },
        ],
        bye: ["hangup"],
      },
      variables: [{ name: "x", type: "string", default: "" }],
      edges: [
        ["start", "inbound", "sub"],
        ["sub", "completed", "bye"],
      ],
    });
    expect(validateFlow(withInputs, { knownFlows }).map((p) => [p.code, p.path, p.message])).toEqual([
      [
        "undeclared-variable",
        ["params", "inputs", 0, "variable"],
        `The subflow "Test flow" has no variable "nope".`,
      ],
      [
        "undeclared-variable",
        ["params", "outputs", 0, "from"],
        `The subflow "Test flow" has no variable "gone".`,
      ],
    ]);
  });

  test("an error handler must be a node; nodes it reaches are reachable", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start"],
        fetch: ["httpRequest"],
        bye: ["hangup"],
        oops: ["say", { text: { "en-US": "Error: {{error.message}}" } }],
        end: ["hangup"],
      },
      edges: [
        ["start", "inbound", "fetch"],
        ["fetch", "success", "bye"],
        ["oops", "next", "end"],
      ],
      settings: { onError: "oops" },
    });
    expect(validateFlow(doc)).toEqual([]);
    expect(codes(validateFlow({ ...doc, settings: { ...doc.settings, onError: "nope" } }))).toContain(
      "error:unknown-error-handler",
    );
  });

  test("recording on a path without consent is flagged", () => {
    const doc = buildFlow({
      nodes: { start: ["start"], consent: ["recordingConsent"], rec: ["startRecording"], bye: ["hangup"] },
      edges: [
        ["start", "inbound", "consent"],
        ["consent", "consented", "rec"],
        ["consent", "declined", "bye"],
        ["rec", "next", "bye"],
      ],
    });
    expect(validateFlow(doc)).toEqual([]);
    doc.edges = doc.edges.map((e) => (e.sourcePort === "declined" ? { ...e, target: "rec" } : e));
    expect(codes(validateFlow(doc))).toEqual(["warning:recording-without-consent@rec"]);
  });

  test("unknown kinds and newer kind versions", () => {
    const doc = menuFlow();
    doc.nodes.push({ id: "odd", kind: "teleport", kindVersion: 1, position: { x: 0, y: 0 }, params: {} });
    (doc.nodes[0] as FlowDocument["nodes"][number]).kindVersion = 9;
    expect(codes(validateFlow(doc))).toEqual(
      expect.arrayContaining(["error:unknown-kind@odd", "error:newer-kind-version@start"]),
    );
  });
});

describe("templates", () => {
  test("an unknown Liquid filter is an invalid template", () => {
    const doc = buildFlow({
      nodes: { start: ["start"], hi: ["say", { text: { "en-US": "{{ call.from | shout }}" } }] },
      edges: [["start", "inbound", "hi"]],
    });
    expect(validateFlow(doc)).toContainEqual(
      expect.objectContaining({ code: "invalid-template", message: expect.stringContaining("shout") }),
    );
  });
});

describe("translations", () => {
  test("a text missing in a supported language is a warning saying what callers hear instead", () => {
    const doc = buildFlow({
      languages: { default: "en-US", supported: ["en-US", "es-MX"] },
      nodes: {
        start: ["start"],
        hi: ["say", { text: { "en-US": "Hello", "es-MX": "Hola" } }],
        menu: ["menu"],
      },
      edges: [
        ["start", "inbound", "hi"],
        ["hi", "next", "menu"],
      ],
    });
    const problems = validateFlow(doc).filter((p) => p.code === "missing-translation");
    expect(problems).toEqual([
      {
        severity: "warning",
        code: "missing-translation",
        nodeId: "menu",
        path: ["params", "prompt", "text", "es-MX"],
        message: "There is no es-MX text here; callers using es-MX hear the en-US text instead.",
      },
    ]);
  });
});
