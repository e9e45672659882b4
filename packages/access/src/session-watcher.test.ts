import { afterAll, describe, expect, it } from "vitest";
import { endSession, publishAccessEvent } from "./access-events.ts";
import { setRolePermission } from "./role-permissions.ts";
import type { SessionPolicy } from "./session-policy.ts";
import { SessionWatcher, type SessionEnd } from "./session-watcher.ts";
import { testWorld } from "./test-world.ts";

const world = testWorld();
const policy: SessionPolicy = { lifetimeMs: 3_600_000, renewWithinMs: 0, idleMs: 600, touchEveryMs: 100 };
const watcher = new SessionWatcher({ db: world.db, redis: world.redis });
const idleWatcher = new SessionWatcher({ db: world.db, redis: world.redis, policy });
afterAll(async () => {
  await watcher.close();
  await idleWatcher.close();
  await world.close();
});

function ended() {
  let resolve: (end: SessionEnd) => void = () => {};
  const promise = new Promise<SessionEnd>((r) => (resolve = r));
  return { promise, onEnd: (end: SessionEnd) => resolve(end) };
}

describe("SessionWatcher", () => {
  it("fires when the session is signed out, in any process", async () => {
    const tenantId = await world.tenant();
    const user = await world.member(tenantId, "DESIGNER");
    const end = ended();
    await watcher.watchSession(user.sessionId, end.onEnd);
    await endSession(world, user.sessionId);
    expect(await end.promise).toEqual({ reason: "signed-out", code: 4401, message: "signed out" });
  });

  it("fires when the permission it needs is withdrawn, not on changes that keep it", async () => {
    const tenantId = await world.tenant();
    const user = await world.member(tenantId, "DESIGNER");
    const events: SessionEnd[] = [];
    await watcher.watchSession(user.sessionId, (e) => events.push(e), {
      permission: "flows.read",
      tenant: tenantId,
    });
    await setRolePermission(world.db, tenantId, {
      role: "DESIGNER",
      permission: "flows.publish",
      granted: false,
    });
    await publishAccessEvent(world.redis, { type: "access.changed", tenantId, userId: null });
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual([]);
    await world.db.membership.update({ where: { id: user.membershipId }, data: { role: "AGENT" } });
    await publishAccessEvent(world.redis, { type: "access.changed", tenantId, userId: user.userId });
    await expect
      .poll(() => events)
      .toEqual([{ reason: "forbidden", code: 4403, message: "permission withdrawn" }]);
  });

  it("fires when the session runs out of idle time, and not before", async () => {
    const tenantId = await world.tenant();
    const user = await world.member(tenantId, "DESIGNER", policy);
    const started = Date.now();
    const end = ended();
    await idleWatcher.watchSession(user.sessionId, end.onEnd);
    expect((await end.promise).reason).toBe("expired");
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("stops when unwatched", async () => {
    const tenantId = await world.tenant();
    const user = await world.member(tenantId, "DESIGNER");
    const events: SessionEnd[] = [];
    const unwatch = await watcher.watchSession(user.sessionId, (e) => events.push(e));
    unwatch();
    await endSession(world, user.sessionId);
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual([]);
  });
});
