import { describe, expect, it } from "vitest";
import { rollupBlocks, type LoggedCall } from "./block-rollup.ts";
import { hourStart, localDay } from "./time-buckets.ts";

const T = Date.UTC(2026, 10, 30, 14, 0, 0); // 14:00 UTC
const min = 60_000;
let seq = 0;
const row = (at: number, type: string, nodeId: string | null, port: string | null = null, reason = "") => ({
  seq: seq++,
  at,
  type: type as LoggedCall["events"][number]["type"],
  nodeId,
  port,
  data: { reason },
});

/** start -> menu (pressed 1 -> billing) -> billing: hung up; or start -> menu -> hung up in menu. */
function call(
  id: string,
  at: number,
  path: "billing-hangup" | "menu-hangup" | "error",
  test = false,
): LoggedCall {
  seq = 0;
  const events = [row(at, "call.start", null), row(at, "enter", "start", "next"), row(at, "enter", "menu")];
  if (path === "billing-hangup")
    events.push(
      row(at + min, "resume", "menu", "1"),
      row(at + min, "enter", "billing"),
      row(at + 2 * min, "end", "billing", null, "call ended: the caller hung up"),
    );
  if (path === "menu-hangup")
    events.push(row(at + min, "end", "menu", null, "call ended: the caller hung up"));
  if (path === "error")
    events.push(
      row(at + min, "error", "menu", "error"),
      row(at + min, "end", "menu", null, "call ended: hangup"),
    );
  return { callId: id, flowVersionId: "v1", test, events };
}

const pick = (rows: ReturnType<typeof rollupBlocks>, hour: number, nodeId: string, exit = "") =>
  rows.find((r) => r.hour === hour && r.nodeId === nodeId && r.exit === exit);

describe("rollupBlocks", () => {
  it("counts entries, exits, hang-ups and errors per block and hour, by hand", () => {
    const calls = [
      call("a", T + 10 * min, "billing-hangup"),
      call("b", T + 20 * min, "menu-hangup"),
      call("c", T + 59 * min, "billing-hangup"), // leaves the menu at 15:00: counted in the next hour
      call("d", T + 30 * min, "error"),
      call("t", T + 5 * min, "menu-hangup", true), // a test call: never counted
    ];
    const rows = rollupBlocks(calls, "UTC");
    const h14 = T;
    const h15 = T + 60 * min;
    // 4 real calls entered start and menu at 14:xx.
    expect(pick(rows, h14, "start")).toMatchObject({ entered: 4, hungUp: 0, errors: 0 });
    expect(pick(rows, h14, "start", "next")?.left).toBe(4);
    expect(pick(rows, h14, "menu")).toMatchObject({ entered: 4, hungUp: 1, errors: 1 });
    // a left by 1 at 14:11; c at 15:00.
    expect(pick(rows, h14, "menu", "1")?.left).toBe(1);
    expect(pick(rows, h15, "menu", "1")?.left).toBe(1);
    expect(pick(rows, h14, "menu", "error")?.left).toBe(1);
    expect(pick(rows, h14, "billing")).toMatchObject({ entered: 1, hungUp: 1 });
    expect(pick(rows, h15, "billing")).toMatchObject({ entered: 1, hungUp: 1 });
    // "call ended: hangup" is the flow's own hang-up block, not the caller's.
    expect(rows.reduce((n, r) => n + r.hungUp, 0)).toBe(3);
  });

  it("ignores repeated rows and counts late rows in their own hour", () => {
    const a = call("a", T + 10 * min, "billing-hangup");
    const once = rollupBlocks([a], "UTC");
    // The stream redelivered everything, shuffled; a row written an hour late still carries its own time.
    const again = rollupBlocks([{ ...a, events: [...a.events].reverse().concat(a.events) }], "UTC");
    expect(again).toEqual(expect.arrayContaining(once));
    expect(again).toHaveLength(once.length);
    // A window holding only the later hour's rows gives the same numbers for that hour as the whole log.
    const c = call("c", T + 59 * min, "billing-hangup");
    const late = { ...c, events: c.events.filter((e) => e.at >= T + 60 * min) };
    const h15 = T + 60 * min;
    expect(rollupBlocks([late], "UTC").filter((r) => r.hour === h15)).toEqual(
      rollupBlocks([c], "UTC").filter((r) => r.hour === h15),
    );
  });

  it("buckets by the tenant's local hour, half-hour zones included", () => {
    const rows = rollupBlocks([call("a", Date.UTC(2026, 10, 30, 18, 40), "menu-hangup")], "Asia/Kolkata");
    // 18:40 UTC is 00:10 on Dec 1 in India; its hour began at 18:30 UTC.
    expect(rows[0]?.hour).toBe(Date.UTC(2026, 10, 30, 18, 30));
    expect(localDay(rows[0]!.hour, "Asia/Kolkata")).toBe("2026-12-01");
    expect(hourStart(Date.UTC(2026, 10, 30, 4, 59), "America/New_York")).toBe(Date.UTC(2026, 10, 30, 4, 0));
    expect(localDay(Date.UTC(2026, 10, 30, 4, 59), "America/New_York")).toBe("2026-11-29");
  });
});

describe("rollupCalls", () => {
  it("counts each real call once in the hour it began", async () => {
    const { rollupCalls } = await import("./call-rollup.ts");
    const c = (id: string, startedAt: number, extra: object = {}) => ({
      id,
      test: false,
      flowId: "f",
      flowVersionId: "v1",
      phoneNumberId: "n",
      startedAt,
      endedAt: startedAt + 90_000,
      durationSeconds: 90,
      queuedAt: null,
      agentAnsweredAt: null,
      outcome: "hangup",
      ...extra,
    });
    const rows = rollupCalls(
      [
        c("a", T + min),
        c("a", T + min), // the same row twice
        c("b", T + 2 * min, {
          outcome: "caller-hangup",
          queuedAt: T + 3 * min,
          agentAnsweredAt: T + 4 * min,
        }),
        c("c", T + 3 * min, { endedAt: null, durationSeconds: null }), // still going
        c("t", T + 3 * min, { test: true }),
        c("d", T + 61 * min, { outcome: "error" }),
      ],
      "UTC",
    );
    expect(rows).toEqual([
      expect.objectContaining({
        hour: T,
        calls: 3,
        ended: 2,
        durationSeconds: 180,
        queued: 1,
        agentAnswered: 1,
        callerHungUp: 1,
        errors: 0,
      }),
      expect.objectContaining({ hour: T + 60 * min, calls: 1, ended: 1, errors: 1 }),
    ]);
  });
});

describe("localDayStart", () => {
  it("is local midnight, on days the clocks change too", async () => {
    const { localDayStart } = await import("./time-buckets.ts");
    expect(localDayStart("2026-12-01", "Asia/Kolkata")).toBe(Date.UTC(2026, 10, 30, 18, 30));
    expect(localDayStart("2026-03-08", "America/New_York")).toBe(Date.UTC(2026, 2, 8, 5)); // EST still at midnight
    expect(localDayStart("2026-03-09", "America/New_York")).toBe(Date.UTC(2026, 2, 9, 4)); // EDT
  });
});
