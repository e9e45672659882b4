import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { createSession } from "@ringflow/access";
import { createDb, type Role } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { startRuntime } from "./runtime-instance.ts";

export const SIMULATOR_ORIGIN = "http://builder.ringflow.example";

export type SimulatorTab = {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string; afterMs: number }>;
};

/**
 * A runtime whose simulator socket builder tabs open, a workspace of its own, and members of it signed in.
 * The session policy (SESSION_IDLE_MINUTES) is read once, at the first session: set it before `member`.
 */
export async function startSimulatorSessions() {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const redis = createRedis();
  const runtime = await startRuntime({ simulatorOrigins: [SIMULATOR_ORIGIN] });
  const tenantId = (
    await db.tenant.create({ data: { name: "Auth", slug: `sim-auth-${randomBytes(5).toString("hex")}` } })
  ).id;

  async function member(role: Role) {
    const user = await db.user.create({
      data: {
        email: `sim-auth-${randomBytes(5).toString("hex")}@example.test`,
        name: role,
        passwordHash: "x",
      },
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

  /** A real builder tab's socket: resolves once open, or rejects with the HTTP status and body of the refusal. */
  function open(cookie: string): Promise<SimulatorTab> {
    const socket = new WebSocket(`${runtime.url.replace("http", "ws")}/simulator`, {
      headers: { cookie, origin: SIMULATOR_ORIGIN },
    });
    const started = Date.now();
    const closed = new Promise<{ code: number; reason: string; afterMs: number }>((resolve) =>
      socket.once("close", (code, reason) =>
        // The wall clock, as the session's idle limit is counted by it.
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

  return {
    db,
    redis,
    tenantId,
    member,
    open,
    async close() {
      await runtime.close();
      await db.$disconnect();
      await redis.quit();
    },
  };
}
