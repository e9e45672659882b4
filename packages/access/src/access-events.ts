import { z } from "zod";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { deleteSession } from "./sessions.ts";

/** What every service hears when access ends or changes (Redis pub/sub), so open sockets follow at once. */
export const accessEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session.ended"), sessionId: z.string() }),
  /** A member's role or removal (userId), or a role's permissions in the whole tenant (userId null). */
  z.object({ type: z.literal("access.changed"), tenantId: z.string(), userId: z.string().nullable() }),
]);
export type AccessEvent = z.infer<typeof accessEventSchema>;

// Channels are not keys: ioredis does not prefix them, so the run's prefix is added here.
export const accessChannel = (redis: Redis) => `${redis.options.keyPrefix ?? ""}access:events`;

export async function publishAccessEvent(redis: Redis, event: AccessEvent): Promise<void> {
  await redis.publish(accessChannel(redis), JSON.stringify(accessEventSchema.parse(event)));
}

/** Signs a session out everywhere: the row goes, and sockets opened with it are told to close. */
export async function endSession(deps: { db: Db; redis: Redis }, sessionId: string): Promise<void> {
  await deleteSession(deps.db, sessionId);
  await publishAccessEvent(deps.redis, { type: "session.ended", sessionId });
}
