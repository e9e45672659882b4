import { describe, expect, test } from "vitest";
import { CURRENT_SCHEMA_VERSION } from "./graph.ts";
import { migrate, MigrationError } from "./migrate.ts";
import { buildFlow } from "./testing/index.ts";

const legacy = {
  schemaVersion: 1,
  name: "Prototype flow",
  language: "es-MX",
  variables: { tries: 0, vip: false, name: "", profile: { tier: "gold" } },
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { accepts: ["inbound"] } },
    { id: "hello", type: "say", position: { x: 0, y: 100 }, data: { text: "Hola {{vars.name}}" } },
    { id: "bye", type: "hangup", position: { x: 0, y: 200 }, data: {} },
  ],
  edges: [
    { source: "start", sourceHandle: "inbound", target: "hello" },
    { id: "e2", source: "hello", target: "bye" },
  ],
  onError: "bye",
};

describe("migrate", () => {
  test("brings a version 1 document to the current version", () => {
    const doc = migrate(legacy);
    expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(doc.languages).toEqual({ default: "es-MX", supported: ["es-MX"] });
    expect(doc.variables).toEqual([
      { name: "tries", type: "number", default: 0 },
      { name: "vip", type: "boolean", default: false },
      { name: "name", type: "string", default: "" },
      { name: "profile", type: "json", default: { tier: "gold" } },
    ]);
    expect(doc.edges).toEqual([
      { id: "start-inbound-hello", source: "start", sourcePort: "inbound", target: "hello" },
      { id: "e2", source: "hello", sourcePort: "next", target: "bye" },
    ]);
    expect(doc.settings.onError).toBe("bye");
  });

  test("upgrades node params to the kind's current version (say v1 had one text string)", () => {
    const hello = migrate(legacy).nodes[1];
    expect(hello).toMatchObject({
      kind: "say",
      kindVersion: 2,
      params: { text: { "es-MX": "Hola {{vars.name}}" } },
    });
  });

  test("a current document is returned as it is, with defaults filled in", () => {
    const doc = buildFlow({ nodes: { start: ["start"] } });
    expect(migrate(doc)).toEqual(doc);
    const sparse = { ...doc, description: undefined, variables: undefined, settings: undefined };
    expect(migrate(sparse)).toEqual(doc);
  });

  test("refuses documents from a newer Ringflow and malformed ones, with a clear error", () => {
    expect(() => migrate({ ...buildFlow({ nodes: {} }), schemaVersion: 99 })).toThrow(
      /newer Ringflow \(schema 99\)/,
    );
    expect(() => migrate("flow")).toThrow(MigrationError);
    expect(() => migrate({ schemaVersion: 2, name: "x" })).toThrow(/malformed/);
  });
});
