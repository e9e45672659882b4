import { afterAll, describe, expect, it } from "vitest";
import { localDay, localDayStart } from "@ringflow/analytics";
import { QueueEngine } from "@ringflow/queues";
import { contactCenter } from "../../testing/contact-center.ts";
import { createHarness } from "../../testing/harness.ts";
import { wallboard } from "./wallboard.ts";

const HOUR = 3_600_000;

describe("the wallboard's today", () => {
  // Its own Redis prefix: the runtime's ringers, running in CI beside it, would otherwise ring (and end) its offers.
  const h = createHarness({}, { ownRedisPrefix: true });
  afterAll(() => h.close());

  // 14 hours ahead of UTC and 11 behind: a local day begins and ends inside a UTC day, far from its midnight.
  it.each(["Pacific/Kiritimati", "Pacific/Pago_Pago"])(
    "begins at midnight in the workspace's time zone (%s), as its reports do",
    async (timeZone) => {
      const { ws, queue, agent } = await contactCenter(h, `board-${timeZone}`);
      await ws.caller.analytics.setTimeZone({ timeZone });
      // A local day of some days ago: the engine's stream ids (written now) are all after it began.
      const midnight = localDayStart(localDay(Date.now() - 3 * 24 * HOUR, timeZone), timeZone);
      let clock = midnight - 3 * HOUR;
      const engine = new QueueEngine(h.redis, () => clock);
      const caller = (callId: string) => ({ queueId: queue.id, callId, reaches: ["phone" as const] });

      // Answered at 22:00 local, the evening before: the same UTC day as the rest, but yesterday here.
      await engine.setAgentState(ws.tenantId, agent.id, { state: "available" });
      clock = midnight - 2 * HOUR;
      const yesterday = await engine.enqueue(ws.tenantId, caller("yesterday"));
      expect((await engine.accept(ws.tenantId, yesterday.offers[0]!.offerId, agent.id)).status).toBe(
        "connected",
      );
      await engine.complete(ws.tenantId, "yesterday");
      // Today (local): one caller waits a minute and hangs up, another is still waiting.
      await engine.setAgentState(ws.tenantId, agent.id, { state: "away", reason: "Lunch" });
      clock = midnight + HOUR;
      await engine.enqueue(ws.tenantId, caller("gave-up"));
      clock += 60_000;
      await engine.abandon(ws.tenantId, "gave-up");
      await engine.enqueue(ws.tenantId, caller("waiting"));

      const now = midnight + 3 * HOUR;
      expect(localDay(now, "UTC")).toBe(localDay(midnight - 2 * HOUR, "UTC"));
      const board = await wallboard(h.db, engine, ws.tenantId, now);
      expect(board.timeZone).toBe(timeZone);
      expect(board.queues).toEqual([
        expect.objectContaining({ queueId: queue.id, waiting: 1, answered: 0, abandoned: 1, serviceLevel: 0 }),
      ]);
      expect(board.queues[0]!.longestWaitMs).toBe(now - (midnight + HOUR + 60_000));
      // Counted in UTC, the evening's answered call would be today's.
      await ws.caller.analytics.setTimeZone({ timeZone: "UTC" });
      const utc = await wallboard(h.db, engine, ws.tenantId, now);
      expect(utc.queues[0]).toMatchObject({ answered: 1, abandoned: 1 });
    },
  );
});
