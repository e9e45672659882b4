import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createSession, endSession, publishAccessEvent } from "@ringflow/access";
import { createDb, type Role } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { startRuntime, type RuntimeInstance } from "../../testing/runtime-instance.ts";

// Read once by @ringflow/access, before any session exists: sessions here go idle after 3 s.
process.env.SESSION_IDLE_MINUTES = "0.05";

const db = createDb(testDatabaseUrl(), { max: 2 });
const redis = createRedis();
const ORIGIN = "http://builder.ringflow.example";
let runtime: RuntimeInstance;
let tenantId: string;

beforeAll(async () => {
  runtime = await startRuntime({ simulatorOrigins: [ORIGIN] });
  tenantId = (
    await db.tenant.create({ data: { name: "Auth", slug: `sim-auth-${randomBytes(5).toString("hex")}` } })
  ).id;
});
afterAll(async () => {
  await runtime.close();
  await db.$disconnect();
  await redis.quit();
});

async function member(role: Role) {
  const user = await db.user.create({
    data: { email: `sim-auth-${randomBytes(5).toString("hex")}@example.test`, name: role, passwordHash: "x" },
  });
  const membership = await db.membership.create({ data: { tenantId, userId: user.id, role } });
  const { token, session } = await createSession(db, user.id, { activeTenantId: tenantId });
  return {
    userId: user.id,
    membershipId: membership.id,
    sessionId: session.id,
    cookie: `ringflow_session=${token}`,
  };
}

type Opened = { socket: WebSocket; closed: Promise<{ code: number; reason: string; afterMs: number }> };

/** A real builder tab's socket: resolves once open, or rejects with the HTTP status and body of the refusal. */
function open(cookie: string): Promise<Opened> {
  const socket = new WebSocket(`${runtime.url.replace("http", "ws")}/simulator`, {
    headers: { cookie, origin: ORIGIN },
  });
  const started = Date.now();
  const closed = new Promise<{ code: number; reason: string; afterMs: number }>((resolve) =>
    socket.once("close", (code, reason) =>
      resolve({ code, reason: String(reason), afterMs: Date.now() - started }),
    ),
  );
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, closed }));
    socket.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += String(chunk)));
      res.on("end", () => reject(new Error(`HTTP ${res.statusCode} ${body}`)));
    });
  });
}

describe("simulator socket and the session behind it", () => {
  it("refuses an agent before the upgrade, naming the permission", async () => {
    const agent = await member("AGENT");
    await expect(open(agent.cookie)).rejects.toThrow(
      'HTTP 403 {"error":"Your role (agent) cannot do this here: it needs the permission flows.read."}',
    );
  });

  it("closes the socket with 4401 when the session signs out", async () => {
    const designer = await member("DESIGNER");
    const { closed } = await open(designer.cookie);
    await endSession({ db, redis }, designer.sessionId);
    expect(await closed).toMatchObject({ code: 4401, reason: "signed out" });
    // The ended session cannot open another one.
    await expect(open(designer.cookie)).rejects.toThrow("HTTP 401");
  });

  it("closes with 4403 when a role change takes flows.read away, not when it keeps it", async () => {
    const supervisor = await member("SUPERVISOR");
    const tab = await open(supervisor.cookie);
    let closedYet = false;
    void tab.closed.then(() => (closedYet = true));
    await db.membership.update({ where: { id: supervisor.membershipId }, data: { role: "DESIGNER" } });
    await publishAccessEvent(redis, { type: "access.changed", tenantId, userId: supervisor.userId });
    await new Promise((r) => setTimeout(r, 300));
    expect(closedYet).toBe(false);
    await db.membership.update({ where: { id: supervisor.membershipId }, data: { role: "AGENT" } });
    await publishAccessEvent(redis, { type: "access.changed", tenantId, userId: supervisor.userId });
    expect(await tab.closed).toMatchObject({ code: 4403, reason: "permission withdrawn" });
  });

  it("closes with 4401 when the session runs out of idle time", async () => {
    const designer = await member("DESIGNER");
    const { closed } = await open(designer.cookie);
    const end = await closed;
    expect(end).toMatchObject({ code: 4401, reason: "session expired" });
    expect(end.afterMs).toBeGreaterThan(2000);
  });
});
