import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("analytics.setTimeZone: where the workspace's days begin", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  let other: Awaited<ReturnType<typeof h.workspace>>;
  beforeAll(async () => {
    ws = await h.workspace("time-zone");
    other = await h.workspace("time-zone-other");
  });
  afterAll(() => h.close());

  it("is UTC until an admin sets it; a change is audited and reaches the reports", async () => {
    expect(await ws.caller.analytics.timeZone()).toEqual({ timeZone: "UTC" });
    await ws.caller.analytics.setTimeZone({ timeZone: "America/Chicago" });
    await ws.caller.analytics.setTimeZone({ timeZone: "America/Chicago" }); // no change: no second entry
    expect(await ws.caller.analytics.timeZone()).toEqual({ timeZone: "America/Chicago" });
    const report = await ws.caller.analytics.queueReport({ from: "2026-11-01", to: "2026-11-02" });
    expect(report.timeZone).toBe("America/Chicago");
    const audit = await h.db.auditLog.findMany({
      where: { tenantId: ws.tenantId, action: "analytics.time-zone-change" },
    });
    expect(audit.map((a) => [a.actorUserId, a.data])).toEqual([
      [ws.userId, { from: "UTC", to: "America/Chicago" }],
    ]);
    expect(await other.caller.analytics.timeZone()).toEqual({ timeZone: "UTC" });
  });

  it("refuses a zone that does not exist, and anyone but admins", async () => {
    expect(await outcome(ws.caller.analytics.setTimeZone({ timeZone: "Mars/Olympus" }))).toBe("BAD_REQUEST");
    const supervisor = await h.member(ws.tenantId, "SUPERVISOR");
    expect(await outcome(supervisor.caller.analytics.setTimeZone({ timeZone: "UTC" }))).toBe("FORBIDDEN");
    expect((await supervisor.caller.analytics.timeZone()).timeZone).toBe("America/Chicago");
  });
});
