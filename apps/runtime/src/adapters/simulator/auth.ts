import type { WebSocket } from "ws";
import {
  authorize,
  readSessionCookie,
  tenantsWithPermission,
  type Refusal,
  type SessionWatcher,
} from "@ringflow/access";
import type { Db } from "@ringflow/db";

export interface SimulatorUser {
  userId: string;
  sessionId: string;
  activeTenantId: string | null;
  /** Tenants whose flows the user may run (holds flows.read); kept current while the socket is open. */
  tenantIds: string[];
}

const TEST_CALLS = "flows.read";

/** Who may open a test call: a live session (the API's cookie) holding flows.read in its workspace. */
export async function authorizeTestCall(
  db: Db,
  cookieHeader: string | undefined,
): Promise<{ ok: true; user: SimulatorUser } | Refusal> {
  const grant = await authorize(
    { db },
    { sessionToken: readSessionCookie(cookieHeader), permission: TEST_CALLS },
  );
  if (!grant.ok) return grant;
  return {
    ok: true,
    user: {
      userId: grant.user.id,
      sessionId: grant.session.id,
      activeTenantId: grant.tenantId,
      tenantIds: await tenantsWithPermission(db, grant.user.id, TEST_CALLS),
    },
  };
}

/**
 * Closes the socket when its session is signed out or expires (4401), or when the user may no longer
 * run any workspace's flows (4403); a narrower change only narrows which flows later starts may load.
 */
export function closeWhenSessionEnds(
  socket: WebSocket,
  watcher: SessionWatcher,
  db: Db,
  user: SimulatorUser,
) {
  const watching = watcher.watchSession(user.sessionId, (end) => socket.close(end.code, end.message), {
    recheck: async () => {
      user.tenantIds = await tenantsWithPermission(db, user.userId, TEST_CALLS);
      return user.tenantIds.length > 0;
    },
  });
  socket.once("close", () => void watching.then((unwatch) => unwatch()));
}
