import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endSession, publishAccessEvent } from "@ringflow/access";
import { startSimulatorSessions } from "../../testing/simulator-sessions.ts";

// Sessions here live as long as by default: one that ran out of idle time in the middle of a test on a busy
// machine ended its socket with "session expired" before the sign-out or role change the test was about.
// The idle limit has a file of its own (session-idle.test.ts).
let world: Awaited<ReturnType<typeof startSimulatorSessions>>;

beforeAll(async () => {
  world = await startSimulatorSessions();
});
afterAll(() => world.close());

describe("simulator socket and the session behind it", () => {
  it("refuses an agent before the upgrade, naming the permission", async () => {
    const agent = await world.member("AGENT");
    await expect(world.open(agent.cookie)).rejects.toThrow(
      'HTTP 403 {"error":"Your role (agent) cannot do this here: it needs the permission flows.read."}',
    );
  });

  it("closes the socket with 4401 when the session signs out", async () => {
    const designer = await world.member("DESIGNER");
    const { closed } = await world.open(designer.cookie);
    await endSession({ db: world.db, redis: world.redis }, designer.sessionId);
    expect(await closed).toMatchObject({ code: 4401, reason: "signed out" });
    // The ended session cannot open another one.
    await expect(world.open(designer.cookie)).rejects.toThrow("HTTP 401");
  });

  it("closes with 4403 when a role change takes flows.read away, not when it keeps it", async () => {
    const supervisor = await world.member("SUPERVISOR");
    const tab = await world.open(supervisor.cookie);
    let closedYet = false;
    void tab.closed.then(() => (closedYet = true));
    await world.db.membership.update({ where: { id: supervisor.membershipId }, data: { role: "DESIGNER" } });
    await publishAccessEvent(world.redis, {
      type: "access.changed",
      tenantId: world.tenantId,
      userId: supervisor.userId,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(closedYet).toBe(false);
    await world.db.membership.update({ where: { id: supervisor.membershipId }, data: { role: "AGENT" } });
    await publishAccessEvent(world.redis, {
      type: "access.changed",
      tenantId: world.tenantId,
      userId: supervisor.userId,
    });
    expect(await tab.closed).toMatchObject({ code: 4403, reason: "permission withdrawn" });
  });
});
