import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { migrate } from "./migrate.ts";
import { arbitraryFlow, arbitraryLegacyFlow, SAMPLE_FLOWS, toLegacyFormat } from "./testing/index.ts";
import { validateFlow } from "./validate.ts";

describe("properties", () => {
  test("validateFlow never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(Array.isArray(validateFlow(input))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("validateFlow never throws on random flows, nor on random flows with junk in a node's params or an edge", () => {
    fc.assert(
      fc.property(
        arbitraryFlow(),
        fc.nat(),
        fc.string(),
        fc.jsonValue(),
        fc.boolean(),
        (doc, at, key, junk, breakEdge) => {
          const node = doc.nodes[at % doc.nodes.length];
          if (node) node.params = { ...node.params, [key]: junk };
          const edge = doc.edges[at % Math.max(1, doc.edges.length)];
          if (edge && breakEdge) edge.sourcePort = key || "x";
          const problems = validateFlow(doc, { flowId: "self", knownFlows: SAMPLE_FLOWS });
          for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("every problem names a severity, a code and a plain message; node problems name an existing node", () => {
    fc.assert(
      fc.property(arbitraryFlow(), (doc) => {
        const ids = new Set(doc.nodes.map((n) => n.id));
        for (const p of validateFlow(doc, { knownFlows: SAMPLE_FLOWS })) {
          expect(["error", "warning"]).toContain(p.severity);
          expect(p.message).toMatch(/\S/);
          if (p.nodeId !== undefined) expect(ids.has(p.nodeId)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("migrate is idempotent, from the current and from the legacy format", () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryFlow(), arbitraryLegacyFlow()), (doc) => {
        const once = migrate(doc);
        expect(migrate(once)).toEqual(once);
        expect(migrate(JSON.parse(JSON.stringify(once)))).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });

  test("migrating a legacy flow gives the same problems as the current flow it came from", () => {
    fc.assert(
      fc.property(arbitraryFlow(), (doc) => {
        const legacy = toLegacyFormat(doc);
        const codes = (d: unknown) =>
          validateFlow(d, { knownFlows: SAMPLE_FLOWS }).map((p) => `${p.code}@${p.nodeId ?? ""}`);
        // The legacy format had a single language.
        expect(codes(migrate(legacy))).toEqual(
          codes({
            ...doc,
            languages: { default: doc.languages.default, supported: [doc.languages.default] },
          }),
        );
      }),
      { numRuns: 100 },
    );
  });
});
