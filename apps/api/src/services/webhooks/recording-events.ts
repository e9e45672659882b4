import type { Db } from "@ringflow/db";
import type { WebhookEvent } from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";

const CURSOR_KEY = "webhooks:recordings-copied-until";
/** A copy's row may commit a moment after the time it records: the sweep stays this far behind. */
const SETTLE_MS = 5_000;
const PAGE = 500;

/** The webhook a recording that Ringflow now holds starts: a voicemail received, or a recording ready. */
export function recordingWebhookEvent(row: {
  id: string;
  tenantId: string;
  callId: string;
  kind: string;
  durationSeconds: number | null;
  copiedAt: Date;
}): WebhookEvent {
  const data = { callId: row.callId, recordingId: row.id, durationSeconds: row.durationSeconds };
  const base = { tenantId: row.tenantId, occurredAt: row.copiedAt.toISOString(), data };
  return row.kind === "voicemail"
    ? { type: "voicemail.received", id: `voicemail.received-${row.id}`, ...base }
    : { type: "recording.ready", id: `recording.ready-${row.id}`, ...base };
}

/**
 * Reports recordings copied since the last sweep (of workspaces with an endpoint for them), oldest first; the
 * cursor moves only past what was reported, and a repeat is sent once (the event id is the recording's).
 */
export async function sweepRecordings(
  deps: { db: Db; redis: Redis; emit: (event: WebhookEvent) => Promise<unknown> },
  now = new Date(),
): Promise<number> {
  const { db, redis } = deps;
  const until = new Date(now.getTime() - SETTLE_MS);
  const stored = await redis.get(CURSOR_KEY);
  // The first sweep of a deployment looks back a minute, not over every recording ever made.
  const since = stored ? new Date(Number(stored)) : new Date(until.getTime() - 60_000);
  const subscribed = await db.webhookEndpoint.findMany({
    where: { enabled: true, events: { hasSome: ["recording.ready", "voicemail.received"] } },
    select: { tenantId: true },
    distinct: ["tenantId"],
  });
  const rows = subscribed.length
    ? await db.recording.findMany({
        where: { tenantId: { in: subscribed.map((e) => e.tenantId) }, copiedAt: { gt: since, lte: until } },
        orderBy: { copiedAt: "asc" },
        take: PAGE,
        select: { id: true, tenantId: true, callId: true, kind: true, durationSeconds: true, copiedAt: true },
      })
    : [];
  for (const row of rows)
    if (row.copiedAt) await deps.emit(recordingWebhookEvent({ ...row, copiedAt: row.copiedAt }));
  const last = rows.at(-1)?.copiedAt;
  await redis.set(CURSOR_KEY, String((rows.length === PAGE && last ? last : until).getTime()));
  return rows.length;
}
