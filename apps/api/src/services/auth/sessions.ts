import { endSession, sessionIdFromToken, validateSessionToken as validate } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";

// Sessions live in @ringflow/access, so the runtime's sockets validate them exactly as the API does.
export { createSession, sessionIdFromToken } from "@ringflow/access";

/** The session and its user for a cookie token (recording the activity); null when it has ended. */
export const validateSessionToken = (db: Db, token: string) => validate({ db }, token);

/** Signs the token's session out here and closes every socket opened with it. */
export async function signOutToken(deps: { db: Db; redis: Redis }, token: string) {
  await endSession(deps, sessionIdFromToken(token));
}
