import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNode, flowDocumentSchema, type FlowDocument } from "@ringflow/flow-schema";
import { studioIvrFixture } from "@ringflow/flow-schema/testing";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("flows", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  beforeAll(async () => {
    ws = await h.workspace("flows");
  });
  afterAll(() => h.close());

  const withBrokenSay = (doc: FlowDocument): FlowDocument => ({
    ...doc,
    nodes: [...doc.nodes, { ...createNode("say", "broken", { x: 5, y: 5 }), params: { text: {} } }],
    edges: [
      ...doc.edges,
      { id: "from-broken", source: "broken", sourcePort: "next", target: doc.nodes[1]!.id },
    ],
  });

  it("creates blank and from every template, lists, renames, duplicates, archives and restores", async () => {
    const api = ws.caller.flows;
    const templates = await api.templates();
    expect(templates.map((t) => t.id).sort()).toEqual(["afterHoursVoicemail", "mainMenu", "supportQueue"]);
    const blank = await api.create({ name: "Blank" });
    expect((await api.get({ flowId: blank.id })).draft.nodes.map((n) => n.kind)).toEqual(["start"]);
    for (const t of templates) {
      const created = await api.create({ name: t.label, templateId: t.id });
      const flow = await api.get({ flowId: created.id });
      expect(flow.draft.name).toBe(t.label);
      expect(flow.problems.filter((p) => p.severity === "error")).toEqual([]);
    }
    await api.rename({ flowId: blank.id, name: "Front door", description: "Main line" });
    const copy = await api.duplicate({ flowId: blank.id });
    expect(copy.name).toBe("Copy of Front door");
    expect(copy.id).not.toBe(blank.id);
    await api.archive({ flowId: copy.id });
    expect((await api.list()).map((f) => f.name)).not.toContain("Copy of Front door");
    expect((await api.list({ includeArchived: true })).find((f) => f.id === copy.id)?.status).toBe(
      "ARCHIVED",
    );
    expect(await outcome(api.saveDraft({ flowId: copy.id, revision: 1, document: {} }))).toBe("BAD_REQUEST");
    await api.restore({ flowId: copy.id });
    expect((await api.list()).map((f) => f.name)).toEqual(
      expect.arrayContaining(["Front door", "Copy of Front door"]),
    );
  });

  it("saves drafts by revision; a stale save is a conflict that carries the newer draft", async () => {
    const api = ws.caller.flows;
    const flow = await api.create({ name: "Concurrent", templateId: "mainMenu" });
    const loaded = await api.get({ flowId: flow.id });
    const mine = { ...loaded.draft, description: "Alice's edit" };
    const theirs = { ...loaded.draft, description: "Bob's edit" };
    const saved = await api.saveDraft({ flowId: flow.id, revision: loaded.draftRevision, document: theirs });
    expect(saved.revision).toBe(loaded.draftRevision + 1);

    const conflict = await api
      .saveDraft({ flowId: flow.id, revision: loaded.draftRevision, document: mine })
      .catch((error: unknown) => error);
    expect(conflict).toMatchObject({ code: "CONFLICT" });
    const details = (
      conflict as { cause: { details: { conflict: { revision: number; document: FlowDocument } } } }
    ).cause.details;
    expect(details.conflict.revision).toBe(saved.revision);
    expect(details.conflict.document.description).toBe("Bob's edit");
    expect((await api.get({ flowId: flow.id })).draft.description).toBe("Bob's edit");
  });

  it("publishes only without errors (returned node by node), numbers versions, diffs, rolls back, audits", async () => {
    const api = ws.caller.flows;
    const flow = await api.create({ name: "Versioned", templateId: "afterHoursVoicemail" });
    const v1 = await api.publish({ flowId: flow.id, changelog: "First" });
    expect(v1.version).toMatchObject({ number: 1, changelog: "First", createdById: ws.userId });
    expect(await outcome(api.publish({ flowId: flow.id, changelog: "Same" }))).toBe("PRECONDITION_FAILED");

    const current = await api.get({ flowId: flow.id });
    const broken = withBrokenSay(current.draft);
    await api.saveDraft({ flowId: flow.id, revision: current.draftRevision, document: broken });
    const refused = await api.publish({ flowId: flow.id, changelog: "Broken" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED" });
    const problems = (refused as { cause: { details: { problems: { nodeId?: string; message: string }[] } } })
      .cause.details.problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ nodeId: "broken", message: "Enter the text to say." }),
    );
    expect((await api.versions({ flowId: flow.id })).map((v) => v.number)).toEqual([1]);

    const fixed = {
      ...broken,
      nodes: broken.nodes.map((n) => (n.id === "broken" ? { ...n, params: { text: { "en-US": "Hi" } } } : n)),
    };
    const draft = await api.get({ flowId: flow.id });
    await api.saveDraft({ flowId: flow.id, revision: draft.draftRevision, document: fixed });
    expect(
      await outcome(api.publish({ flowId: flow.id, changelog: "Stale", revision: draft.draftRevision })),
    ).toBe("CONFLICT");
    const v2 = await api.publish({ flowId: flow.id, changelog: "Greeting" });
    expect(v2.version.number).toBe(2);

    const diff = await api.diff({ flowId: flow.id, from: 1, to: 2 });
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["broken"]);
    expect(diff.edges.added).toEqual([expect.objectContaining({ source: "broken", sourcePort: "next" })]);
    expect((await api.diff({ flowId: flow.id, from: 2, to: "draft" })).identical).toBe(true);
    expect(await outcome(api.diff({ flowId: flow.id, from: 1, to: 9 }))).toBe("NOT_FOUND");

    const versions = await api.versions({ flowId: flow.id });
    expect(versions.map((v) => [v.number, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    const rolled = await api.rollback({ flowId: flow.id, versionNumber: 1 });
    expect(rolled.live.number).toBe(1);
    expect((await api.get({ flowId: flow.id })).liveVersion?.number).toBe(1);
    expect(await outcome(api.rollback({ flowId: flow.id, versionNumber: 1 }))).toBe("PRECONDITION_FAILED");
    // The version rolled away from is still there, unchanged.
    expect((await api.version({ flowId: flow.id, number: 2 })).document.nodes.map((n) => n.id)).toContain(
      "broken",
    );

    const audit = await ws.caller.audit.list({ targetId: flow.id });
    expect(audit.entries.map((e) => [e.action, e.data])).toEqual([
      ["flow.rollback", { from: 2, to: 1 }],
      ["flow.publish", { version: 2, changelog: "Greeting", previousLive: 1 }],
      ["flow.publish", { version: 1, changelog: "First", previousLive: null }],
    ]);
    expect(audit.entries[0]?.actor).toMatchObject({ id: ws.userId, email: ws.email });
  });

  it("publishes one version per concurrent publish, numbered without gaps", async () => {
    const api = ws.caller.flows;
    const flow = await api.create({ name: "Race", templateId: "mainMenu" });
    const draft = await api.get({ flowId: flow.id });
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) =>
        api.saveDraft({
          flowId: flow.id,
          revision: draft.draftRevision,
          document: { ...draft.draft, description: `edit ${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await api.publish({ flowId: flow.id, changelog: "one" });
    const later = await api.get({ flowId: flow.id });
    await api.saveDraft({
      flowId: flow.id,
      revision: later.draftRevision,
      document: { ...later.draft, description: "two" },
    });
    const [a, b] = await Promise.allSettled([
      api.publish({ flowId: flow.id, changelog: "two" }),
      api.publish({ flowId: flow.id, changelog: "two again" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect((await api.versions({ flowId: flow.id })).map((v) => v.number)).toEqual([2, 1]);
  });

  it("exports and imports Ringflow documents and Twilio Studio definitions", async () => {
    const api = ws.caller.flows;
    const flow = await api.create({ name: "Exported", templateId: "supportQueue" });
    await api.publish({ flowId: flow.id, changelog: "v1" });
    const exported = await api.export({ flowId: flow.id, version: 1 });
    expect(exported.fileName).toBe("exported-v1.ringflow.json");
    expect(flowDocumentSchema.safeParse(exported.document).success).toBe(true);

    const imported = await api.import({ content: JSON.stringify(exported.document), name: "Reimported" });
    expect(imported.format).toBe("ringflow");
    const copy = await api.get({ flowId: imported.flow.id });
    expect(copy.name).toBe("Reimported");
    expect((await api.diff({ flowId: imported.flow.id, from: "draft", to: "draft" })).identical).toBe(true);
    expect(copy.draft.nodes).toEqual(exported.document.nodes);

    const studio = await api.import({ content: studioIvrFixture });
    expect(studio.format).toBe("twilio-studio");
    expect(Array.isArray(studio.report)).toBe(true);
    expect((await api.get({ flowId: studio.flow.id })).draft.nodes.length).toBeGreaterThan(2);

    expect(await outcome(api.import({ content: "{not json" }))).toBe("BAD_REQUEST");
    expect(await outcome(api.import({ content: { schemaVersion: 2, nodes: "nope" } }))).toBe("BAD_REQUEST");
    expect(await outcome(api.import({ content: { states: [] }, format: "twilio-studio" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
