import fc from "fast-check";
import { portsOf } from "../catalog.ts";
import type { FlowDocument } from "../graph.ts";
import { nodeCatalog, nodeKinds, type NodeKind, type ParamsInputOf } from "../nodes/index.ts";
import { buildFlow } from "./build-flow.ts";

const VARIABLES: FlowDocument["variables"] = [
  { name: "counter", type: "number", default: 0 },
  { name: "accountNumber", type: "string", default: "" },
  { name: "choice", type: "string", default: "1" },
];

const ask = { type: "say", text: { "en-US": "Choose." } } as const;

/** A few realistic params per kind; typed so that a new kind must get samples. */
const SAMPLES: { [K in NodeKind]: ParamsInputOf<K>[] } = {
  start: [{ accepts: ["inbound"] }, { accepts: ["inbound", "outbound"] }, { accepts: ["outbound"] }],
  say: [
    nodeCatalog.say.initialParams,
    { text: { "en-US": "Hi {{call.from}}, {{vars.choice}}", "es-MX": "Hola" }, loop: 2 },
  ],
  play: [nodeCatalog.play.initialParams, { audio: { type: "upload", promptId: "welcome" } }],
  menu: [
    nodeCatalog.menu.initialParams,
    {
      prompt: ask,
      input: ["dtmf", "speech"],
      retries: 0,
      options: [{ id: "yes", dtmf: "1", keywords: ["yes"] }],
      noInputPrompt: ask,
    },
  ],
  collect: [
    nodeCatalog.collect.initialParams,
    {
      prompt: ask,
      input: "both",
      variable: "choice",
      minLength: 1,
      maxLength: 1,
      validation: "^[12]$",
      retries: 1,
    },
  ],
  languageSelect: [nodeCatalog.languageSelect.initialParams],
  sendSms: [
    nodeCatalog.sendSms.initialParams,
    {
      recipient: { type: "number", number: "+1415555{{vars.choice}}100" },
      body: "You chose {{vars.choice}}.",
    },
  ],
  split: [
    nodeCatalog.split.initialParams,
    {
      conditions: [
        { id: "few", subject: "{{vars.counter}}", operator: "lessThan", value: "3" },
        { id: "west", subject: "{{call.callerState}}", operator: "inList", list: ["CA", "WA"] },
      ],
    },
  ],
  setVariables: [
    nodeCatalog.setVariables.initialParams,
    { assignments: [{ variable: "choice", value: "{{call.from | slice: -1}}" }] },
  ],
  businessHours: [
    nodeCatalog.businessHours.initialParams,
    { timeZone: "Europe/Paris", holidays: [{ date: "2026-03-02" }] },
  ],
  httpRequest: [
    nodeCatalog.httpRequest.initialParams,
    {
      method: "POST",
      url: "https://x.example.com",
      body: { type: "json", json: `{"a":"{{vars.choice}}"}` },
      responseMapping: [{ variable: "choice", path: "choice" }],
    },
  ],
  transfer: [nodeCatalog.transfer.initialParams, { target: { type: "agent", value: "201" }, record: true }],
  enqueue: [nodeCatalog.enqueue.initialParams],
  voicemail: [nodeCatalog.voicemail.initialParams],
  recordingConsent: [
    nodeCatalog.recordingConsent.initialParams,
    { announcement: ask, askToAgree: true },
    { announcement: ask, askToAgree: true, requirement: "always", announceWhenNotRequired: false },
  ],
  startRecording: [nodeCatalog.startRecording.initialParams],
  stopRecording: [nodeCatalog.stopRecording.initialParams],
  subflow: [
    {
      flowId: "leaf",
      inputs: [{ variable: "greeting", value: "{{call.from}}" }],
      outputs: [{ from: "answer", to: "choice" }],
    },
  ],
  hangup: [nodeCatalog.hangup.initialParams],
};

/** Published flows the samples' subflow nodes run. */
export const SAMPLE_FLOWS: Record<string, FlowDocument> = {
  leaf: buildFlow({
    name: "Leaf",
    variables: [
      { name: "greeting", type: "string", default: "" },
      { name: "answer", type: "string", default: "none" },
    ],
    nodes: {
      start: ["start", { accepts: ["inbound", "outbound"] }],
      hi: ["say", { text: { "en-US": "{{vars.greeting}}" } }],
      ask: ["collect", { prompt: ask, variable: "answer", retries: 0 }],
    },
    edges: [
      ["start", "inbound", "hi"],
      ["start", "outbound", "hi"],
      ["hi", "next", "ask"],
    ],
  }),
};

const otherKinds = nodeKinds.filter((k) => k !== "start");

/**
 * Random flow documents built from the catalog: random kinds with sample params, random wiring (any port to
 * any node, or left open), sometimes an error handler. Structurally valid; graph-level errors (endless
 * loops, stale references) happen, as they would in the editor.
 */
export function arbitraryFlow(): fc.Arbitrary<FlowDocument> {
  return fc.integer({ min: 1, max: 14 }).chain((size) =>
    fc
      .record({
        kinds: fc.array(fc.constantFrom(...otherKinds), { minLength: size, maxLength: size }),
        variants: fc.array(fc.nat(), { minLength: size + 1, maxLength: size + 1 }),
        wiring: fc.array(fc.option(fc.nat({ max: size }), { freq: 6 }), { minLength: 1, maxLength: 64 }),
        onError: fc.option(fc.nat({ max: size })),
        maxStepsWithoutWait: fc.integer({ min: 10, max: 40 }),
      })
      .map(({ kinds, variants, wiring, onError, maxStepsWithoutWait }) => {
        const all: NodeKind[] = ["start", ...kinds];
        const ids = all.map((kind, i) => (i === 0 ? "start" : `${kind}${i}`));
        const nodes = Object.fromEntries(
          all.map((kind, i) => {
            const samples = SAMPLES[kind] as unknown[];
            return [ids[i], [kind, samples[(variants[i] ?? 0) % samples.length]]];
          }),
        ) as Parameters<typeof buildFlow>[0]["nodes"];
        const edges: [string, string, string][] = [];
        let w = 0;
        all.forEach((kind, i) => {
          const [, params] = nodes[ids[i] as string] as [NodeKind, Record<string, unknown>];
          for (const port of portsOf({ kind, params })) {
            const choice = wiring[w++ % wiring.length];
            if (choice !== null && choice !== undefined)
              edges.push([ids[i] as string, port.id, ids[choice] as string]);
          }
        });
        return buildFlow({
          name: "Random",
          variables: VARIABLES,
          languages: { default: "en-US", supported: ["en-US", "es-MX"] },
          nodes,
          edges,
          settings: { maxStepsWithoutWait, ...(onError !== null ? { onError: ids[onError] } : {}) },
        });
      }),
  );
}

/** The same flows in the prototype's schemaVersion 1 format (see migrate.ts). */
export function arbitraryLegacyFlow(): fc.Arbitrary<Record<string, unknown>> {
  return arbitraryFlow().map(toLegacyFormat);
}

/** A current document written back in the schemaVersion 1 format (one language, say text as one string). */
export function toLegacyFormat(doc: FlowDocument): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: doc.name,
    language: doc.languages.default,
    variables: Object.fromEntries(doc.variables.map((v) => [v.name, v.default])),
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: n.kind,
      position: n.position,
      data:
        n.kind === "say"
          ? { ...n.params, text: (n.params.text as Record<string, string>)[doc.languages.default] ?? "" }
          : n.params,
      version: n.kind === "say" ? 1 : n.kindVersion,
    })),
    edges: doc.edges.map((e) => ({ source: e.source, sourceHandle: e.sourcePort, target: e.target })),
    ...(doc.settings.onError ? { onError: doc.settings.onError } : {}),
  };
}
