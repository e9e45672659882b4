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
      url: `https://api.example.com/lookup?id=7&api_key=${encodeURIComponent("••••••")}`,
      headers: { "X-Api-Key": "••••••", Cookie: "••••••" },
      note: "••••••",
    });
    expect(call.variables).toEqual({ customer: "Ann", apiKey: "••••••", nested: { password: "••••••" } });
  });
});
