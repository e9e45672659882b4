import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson } from "@ringflow/db";
import { createHarness } from "../../testing/harness.ts";

describe("execution log", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  let flowA: string;
  let flowB: string;
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 12, minutes));

  beforeAll(async () => {
    ws = await h.workspace("log");
    flowA = (await ws.caller.flows.create({ name: "A" })).id;
    flowB = (await ws.caller.flows.create({ name: "B" })).id;
    const calls = [
      { minute: 1, flowId: flowA, outcome: "hangup" },
      { minute: 2, flowId: flowB, outcome: "voicemail" },
      { minute: 3, flowId: flowA, outcome: "transferred" },
      { minute: 4, flowId: flowA, outcome: "hangup" },
      { minute: 5, flowId: flowB, outcome: "hangup" },
    ];
    for (const c of calls)
      await h.db.call.create({
        data: {
          tenantId: ws.tenantId,
          provider: "SIMULATOR",
          providerCallId: `sim-${ws.slug}-${c.minute}`,
          direction: "INBOUND",
          fromNumber: "+15550000001",
          toNumber: "+15550000002",
          flowId: c.flowId,
          status: "COMPLETED",
          outcome: c.outcome,
          startedAt: at(c.minute),
          variables: toJson({ customer: "Ann", apiKey: "k-123", nested: { password: "pw" } }),
          events: {
            create: [3, 1, 2].map((seq) => ({
              tenantId: ws.tenantId,
              seq,
              at: at(c.minute),
              type: "node.enter",
              nodeId: `n${seq}`,
              data: toJson(
                seq === 2
                  ? {
                      url: "https://api.example.com/lookup?id=7&api_key=k-999",
                      headers: { "X-Api-Key": "secret-key", Cookie: "a=b" },
                      note: "Bearer abc.def",
                    }
                  : {},
              ),
            })),
          },
        },
      });
  });
  afterAll(() => h.close());

  it("lists newest first, a page at a time, filtered by flow, outcome and time", async () => {
    const first = await ws.caller.calls.list({ limit: 2 });
    expect(first.calls.map((c) => c.startedAt.getUTCMinutes())).toEqual([5, 4]);
    const second = await ws.caller.calls.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.calls.map((c) => c.startedAt.getUTCMinutes())).toEqual([3, 2]);
    const last = await ws.caller.calls.list({ limit: 2, cursor: second.nextCursor! });
    expect(last.calls.map((c) => c.startedAt.getUTCMinutes())).toEqual([1]);
    expect(last.nextCursor).toBeNull();

    expect(
      (await ws.caller.calls.list({ flowId: flowA })).calls.map((c) => c.startedAt.getUTCMinutes()),
    ).toEqual([4, 3, 1]);
    expect((await ws.caller.calls.list({ outcome: "hangup", flowId: flowB })).calls).toHaveLength(1);
    const window = await ws.caller.calls.list({ since: at(2), until: at(4) });
    expect(window.calls.map((c) => c.startedAt.getUTCMinutes())).toEqual([3, 2]);
  });

  it("returns a call with its events in order and secret-looking values masked", async () => {
    const [latest] = (await ws.caller.calls.list({ limit: 1 })).calls;
    const call = await ws.caller.calls.get({ callId: latest!.id });
    expect(call.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(call.events[1]?.data).toEqual({
      url: `https://api.example.com/lookup?id=7&api_key=${encodeURIComponent("[masked]")}`,
      headers: { "X-Api-Key": "[masked]", Cookie: "[masked]" },
      note: "[masked]",
    });
    expect(call.variables).toEqual({ customer: "Ann", apiKey: "[masked]", nested: { password: "[masked]" } });
  });

  it("filters by CallSid, number (either end), status, test calls and time; one call's consents, and all in a range", async () => {
    const other = await h.workspace("log-filters");
    const flow = (await other.caller.flows.create({ name: "F" })).id;
    const sid = (n: number) => `CA${String(n).padStart(32, "0")}`;
    const rows = [
      { n: 1, from: "+15551110001", to: "+15552220000", status: "COMPLETED", test: false },
      { n: 2, from: "+15552220000", to: "+15553330000", status: "FAILED", test: false },
      { n: 3, from: "+15554440000", to: "+15555550000", status: "COMPLETED", test: true },
    ] as const;
    const ids: string[] = [];
    for (const r of rows) {
      const call = await h.db.call.create({
        data: {
          tenantId: other.tenantId,
          provider: "TWILIO",
          providerCallId: sid(r.n),
          direction: "INBOUND",
          fromNumber: r.from,
          toNumber: r.to,
          flowId: flow,
          status: r.status,
          test: r.test,
          startedAt: at(10 + r.n),
        },
      });
      ids.push(call.id);
      await h.db.consentRecord.create({
        data: {
          tenantId: other.tenantId,
          callId: call.id,
          nodeId: "consent",
          required: true,
          granted: r.n !== 2,
          method: "dtmf",
          rule: "two-party",
          announcementText: "This call may be recorded.",
          digits: r.n !== 2 ? "1" : null,
          at: at(10 + r.n),
        },
      });
    }
    const minutes = async (input: Parameters<typeof other.caller.calls.list>[0]) =>
      (await other.caller.calls.list(input)).calls.map((c) => c.startedAt.getUTCMinutes() - 10);

    expect(await minutes({ callSid: sid(2) })).toEqual([2]);
    expect((await other.caller.calls.list({ callSid: sid(2) })).calls[0]).toMatchObject({
      providerCallId: sid(2),
    });
    expect(await minutes({ number: "+15552220000" })).toEqual([2, 1]);
    expect(await minutes({ status: "COMPLETED" })).toEqual([3, 1]);
    expect(await minutes({ test: true })).toEqual([3]);
    expect(await minutes({ test: false, flowId: flow })).toEqual([2, 1]);
    expect(await minutes({ since: at(12), until: at(13) })).toEqual([2]);
    // The CallSid of another workspace's call finds nothing here.
    expect(await minutes({ callSid: `sim-${ws.slug}-1` })).toEqual([]);

    const detail = await other.caller.calls.get({ callId: ids[1]! });
    expect(detail.consentRecords).toEqual([
      expect.objectContaining({ nodeId: "consent", granted: false, method: "dtmf", rule: "two-party" }),
    ]);
    expect(JSON.stringify(detail.consentRecords)).not.toContain(other.tenantId);

    const all = await other.caller.calls.consents({ limit: 2 });
    expect(all.consents.map((c) => c.callId)).toEqual([ids[2], ids[1]]);
    const rest = await other.caller.calls.consents({ limit: 2, cursor: all.nextCursor! });
    expect(rest.consents.map((c) => c.callId)).toEqual([ids[0]]);
    expect(rest.nextCursor).toBeNull();
    const inRange = await other.caller.calls.consents({ since: at(12), until: at(14), granted: true });
    expect(inRange.consents.map((c) => [c.callId, c.call.providerCallId])).toEqual([[ids[2], sid(3)]]);
    expect((await other.caller.calls.consents({ callId: ids[0]! })).consents).toHaveLength(1);

    // Another workspace's call: NOT_FOUND, for the call and for its consents; and none of its records in a list.
    await expect(ws.caller.calls.get({ callId: ids[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ws.caller.calls.consents({ callId: ids[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ws.caller.calls.consents()).consents).toEqual([]);
  });

  it("finds calls by a number as typed, with flow, outcome, test and date filters combined, only in its workspace", async () => {
    const other = await h.workspace("log-typed");
    const flow = (await other.caller.flows.create({ name: "Typed" })).id;
    const rows = [
      { n: 1, from: "+15557770101", outcome: "voicemail", test: false },
      { n: 2, from: "+15557770101", outcome: "hangup", test: true },
      { n: 3, from: "+15558880202", outcome: "voicemail", test: false },
    ];
    for (const r of rows)
      await h.db.call.create({
        data: {
          tenantId: other.tenantId,
          provider: "SIMULATOR",
          providerCallId: `typed-${other.slug}-${r.n}`,
          direction: "INBOUND",
          fromNumber: r.from,
          toNumber: "+15550000009",
          flowId: flow,
          status: "COMPLETED",
          outcome: r.outcome,
          test: r.test,
          startedAt: at(30 + r.n),
        },
      });
    const minutes = async (input: Parameters<typeof other.caller.calls.list>[0]) =>
      (await other.caller.calls.list(input)).calls.map((c) => c.startedAt.getUTCMinutes() - 30);

    expect(await minutes({ number: "(555) 777-0101" })).toEqual([2, 1]);
    expect(await minutes({ number: "+1 555 888 0202" })).toEqual([3]);
    expect(await minutes({ number: "7770101", test: false })).toEqual([1]);
    expect(await minutes({ outcome: "voicemail", flowId: flow, since: at(32) })).toEqual([3]);
    expect(await minutes({ outcome: "voicemail", until: at(32) })).toEqual([1]);
    // The first workspace's flow, and its numbers, find nothing here; its own list has none of these calls.
    expect(await minutes({ flowId: flowA })).toEqual([]);
    expect((await ws.caller.calls.list({ number: "7770101" })).calls).toEqual([]);
    await expect(other.caller.calls.list({ since: "not a date" as unknown as Date })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("names the blocks of the version a call ran, so the timeline never shows ids", async () => {
    const version = await h.db.flowVersion.create({
      data: {
        tenantId: ws.tenantId,
        flowId: flowA,
        number: 7,
        schemaVersion: 2,
        checksum: "x",
        document: toJson({
          nodes: [
            {
              id: "menu",
              kind: "menu",
              label: "Main menu",
              kindVersion: 1,
              position: { x: 0, y: 0 },
              params: {},
            },
            { id: "vm", kind: "voicemail", kindVersion: 1, position: { x: 0, y: 0 }, params: {} },
          ],
          edges: [],
        }),
      },
    });
    const call = await h.db.call.create({
      data: {
        tenantId: ws.tenantId,
        provider: "SIMULATOR",
        providerCallId: `named-${ws.slug}`,
        direction: "INBOUND",
        fromNumber: "+15550000001",
        toNumber: "+15550000002",
        flowId: flowA,
        flowVersionId: version.id,
        status: "COMPLETED",
        outcome: "voicemail",
        startedAt: at(50),
      },
    });
    const detail = await ws.caller.calls.get({ callId: call.id });
    expect(detail.flowVersion).toEqual({ id: version.id, number: 7 });
    expect(detail.blocks).toEqual({
      menu: { name: "Main menu", kind: "menu" },
      vm: { name: null, kind: "voicemail" },
    });
    expect(JSON.stringify(detail)).not.toContain('"document"');
  });
});
