import { randomBytes } from "node:crypto";
import { createDb, type Db, type Role } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { createSession } from "./sessions.ts";
import type { SessionPolicy } from "./session-policy.ts";

const hex = () => randomBytes(5).toString("hex");

/** Tests only: a real database and Redis, tenants with members, sessions on a clock the test moves. */
export function testWorld() {
  const db: Db = createDb(testDatabaseUrl(), { max: 2 });
  const redis = createRedis();
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  return {
    db,
    redis,
    now,
    advance: (ms: number) => void (offsetMs += ms),
    async tenant() {
      return (await db.tenant.create({ data: { name: "T", slug: `access-${hex()}` } })).id;
    },
    async member(tenantId: string, role: Role, policy?: SessionPolicy) {
      const user = await db.user.create({
        data: { email: `access-${hex()}@test.ringflow`, name: role, passwordHash: "x" },
      });
      const membership = await db.membership.create({ data: { tenantId, userId: user.id, role } });
      const { token, session } = await createSession(
        db,
        user.id,
        { activeTenantId: tenantId },
        { ...(policy ? { policy } : {}), now: now() },
      );
      return { userId: user.id, membershipId: membership.id, token, sessionId: session.id };
    },
    async close() {
      await db.$disconnect();
      await redis.quit();
    },
  };
}
