import {
  ASTERISK_CONNECTION_FIELD,
  asteriskConnectionKey,
  asteriskConnectionStateSchema,
  type AsteriskConnectionState,
} from "@ringflow/flow-schema";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";

/** What the providers page shows of an Asterisk connection: its state and the same in words. */
export interface ConnectionView {
  state: AsteriskConnectionState["state"] | "unknown";
  since: string | null;
  words: string;
}

const DAY_MS = 24 * 3600_000;

/** "10:42" today (in the workspace's time zone), "30 Nov, 10:42" before. */
function when(since: string, timeZone: string, now: Date): string {
  const at = new Date(since);
  const time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone } as const;
  return now.getTime() - at.getTime() < DAY_MS
    ? at.toLocaleTimeString("en-GB", time)
    : at.toLocaleString("en-GB", { day: "numeric", month: "short", ...time });
}

/** "Connected", "Reconnecting since 10:42: <why>", "Refused: wrong password", or not connected yet. */
export function connectionInWords(
  state: AsteriskConnectionState | null,
  timeZone: string,
  now = new Date(),
): ConnectionView {
  if (!state)
    return { state: "unknown", since: null, words: "Not connected yet: Ringflow connects within a minute." };
  const reason = state.reason ? `: ${state.reason}` : "";
  const words =
    state.state === "connected"
      ? state.channels
        ? `Connected, ${state.channels} call${state.channels === 1 ? "" : "s"} now`
        : "Connected"
      : state.state === "reconnecting"
        ? `Reconnecting since ${when(state.since, timeZone, now)}${reason}`
        : `Refused${reason || ": Asterisk refused the connection"}`;
  return { state: state.state, since: state.since, words };
}

/**
 * The live state of a workspace's Asterisk accounts, as the runtime that holds each connection wrote it. The
 * accounts are the tenant's own rows, read with its id, so no other workspace's state is ever asked for.
 */
export async function asteriskConnections(
  db: Db,
  redis: Redis,
  tenantId: string,
  accounts: readonly { id: string; tenantId: string; kind: string }[],
  now = new Date(),
): Promise<Map<string, ConnectionView>> {
  accounts = accounts.filter((account) => account.kind === "ASTERISK" && account.tenantId === tenantId);
  if (!accounts.length) return new Map();
  const setting = await db.analyticsSetting.findFirst({ where: { tenantId }, select: { timeZone: true } });
  const stored = await Promise.all(
    accounts.map(({ id }) => redis.hget(asteriskConnectionKey(id), ASTERISK_CONNECTION_FIELD)),
  );
  return new Map(
    accounts.map(({ id }, i) => [id, connectionInWords(parsed(stored[i]), setting?.timeZone ?? "UTC", now)]),
  );
}

function parsed(json: string | null | undefined): AsteriskConnectionState | null {
  if (!json) return null;
  try {
    const state = asteriskConnectionStateSchema.safeParse(JSON.parse(json));
    return state.success ? state.data : null;
  } catch {
    return null;
  }
}
