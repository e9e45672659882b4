import type * as z from "zod";
import { describe, expect, test } from "vitest";
import { createNode, defaultParams, paramsJsonSchema, portsOf } from "./catalog.ts";
import { nodeCatalog, nodeKinds } from "./nodes/index.ts";
import { fieldMeta, schemaAt } from "./params-meta.ts";

describe("node catalog", () => {
  test.each(nodeKinds)("%s: palette info, valid default params, ports and form metadata", (kind) => {
    const definition = nodeCatalog[kind];
    expect(definition.kind).toBe(kind);
    expect(definition.label).toMatch(/\S/);
    expect(definition.icon).toMatch(/^[a-z0-9-]+$/);
    expect(definition.description).toMatch(/\.$/);
    const params = defaultParams(kind);
    // A subflow needs a flow chosen, a transfer someone to call (a real-looking default would ring a stranger).
    expect(definition.params.safeParse(params).success).toBe(kind !== "subflow" && kind !== "transfer");
    const ports = portsOf(createNode(kind, "n1"));
    expect(new Set(ports.map((p) => p.id)).size).toBe(ports.length);
    if (kind !== "hangup") expect(ports.length).toBeGreaterThan(0);
    const json = JSON.stringify(paramsJsonSchema(kind));
    const shape = (definition.params as unknown as z.ZodObject)._zod.def.shape ?? {};
    for (const key of Object.keys(shape)) {
      const meta = fieldMeta(schemaAt(definition.params, [key]) as z.ZodType);
      if (!["announcement", "prompt", "target", "greeting", "recipient"].includes(key) || meta)
        expect(meta?.label, `${kind}.${key} has a label`).toMatch(/\S/);
    }
    if (Object.keys(shape).length) expect(json).toContain('"title"');
  });

  test("dynamic ports follow the params and survive invalid params", () => {
    expect(portsOf({ kind: "menu", params: defaultParams("menu") }).map((p) => p.id)).toEqual([
      "sales",
      "support",
      "noInput",
      "noMatch",
    ]);
    expect(
      portsOf({ kind: "split", params: { conditions: [{ id: "vip" }, { nope: 1 }] } }).map((p) => p.id),
    ).toEqual(["vip", "else"]);
    expect(portsOf({ kind: "start", params: { accepts: ["outbound"] } }).map((p) => p.id)).toEqual([
      "outbound",
    ]);
    expect(portsOf({ kind: "teleport", params: {} })).toEqual([]);
  });

  test("form metadata is readable through defaults and in JSON Schema", () => {
    const timeout = schemaAt(nodeCatalog.menu.params, ["timeoutSeconds"]) as z.ZodType;
    expect(fieldMeta(timeout)).toMatchObject({ label: "Wait for input", widget: "seconds" });
    expect(
      fieldMeta(schemaAt(nodeCatalog.split.params, ["conditions", 0, "operator"]) as z.ZodType),
    ).toMatchObject({ widget: "select", optionLabels: { isEmpty: "is empty" } });
    const json = paramsJsonSchema("transfer") as {
      properties: Record<string, { title?: string; widget?: string; default?: unknown }>;
    };
    expect(json.properties.timeoutSeconds).toMatchObject({
      title: "Ring for",
      widget: "seconds",
      default: 30,
    });
  });
});
