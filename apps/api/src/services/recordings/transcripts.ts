import { Prisma, type Db } from "@ringflow/db";
import { consentFields } from "../calls/consents.ts";

/** A search matches at most this many calls, newest recordings first. */
export const TRANSCRIPT_SEARCH_LIMIT = 1000;

/**
 * Calls of the tenant whose (redacted) transcripts match `search` in Postgres full text (the generated
 * `transcriptSearch` column, GIN-indexed), with the matching words in context (between ⟦ and ⟧: redactions already use [ ]).
 */
export async function searchTranscripts(db: Db, tenantId: string, search: string) {
  const rows = await db.$queryRaw<{ callId: string; excerpt: string }[]>(Prisma.sql`
    SELECT DISTINCT ON (r."callId") r."callId"::text AS "callId",
      ts_headline('english', r."transcript", q.query,
        'MaxWords=16, MinWords=6, MaxFragments=1, StartSel=⟦, StopSel=⟧') AS excerpt
    FROM "Recording" r, websearch_to_tsquery('english', ${search}) AS q(query)
    WHERE r."tenantId" = ${tenantId}::uuid AND r."deletedAt" IS NULL AND r."transcriptSearch" @@ q.query
    ORDER BY r."callId", r."createdAt" DESC
    LIMIT ${TRANSCRIPT_SEARCH_LIMIT}`);
  return new Map(rows.map((row) => [row.callId, row.excerpt]));
}

/** What a listed call shows of its voicemails: the transcript beside it (or why there is none). */
export const voicemailsOf = (tenantId: string) => ({
  where: { tenantId, kind: "voicemail", deletedAt: null },
  orderBy: { createdAt: "asc" as const },
  select: {
    id: true,
    mailbox: true,
    durationSeconds: true,
    transcript: true,
    transcribedAt: true,
    transcriptionError: true,
  },
});

/** A call's recordings for its detail page: state, consent record, transcript with turns, deletion date. */
export async function recordingsOfCall(db: Db, tenantId: string, callId: string) {
  const call = await db.call.findFirst({
    where: { id: callId, tenantId },
    select: {
      id: true,
      legalHoldAt: true,
      consentRecords: { where: { tenantId }, orderBy: { at: "asc" }, select: consentFields },
      recordings: {
        where: { tenantId, deletedAt: null },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          kind: true,
          mailbox: true,
          status: true,
          durationSeconds: true,
          createdAt: true,
          copiedAt: true,
          copyError: true,
          deleteAfter: true,
          consentRecordId: true,
          transcript: true,
          transcriptTurns: true,
          language: true,
          transcriptLanguage: true,
          transcriptEngine: true,
          transcribedAt: true,
          transcriptionError: true,
        },
      },
    },
  });
  if (!call) return null;
  return {
    callId: call.id,
    legalHold: call.legalHoldAt !== null,
    consents: call.consentRecords,
    recordings: call.recordings.map(({ transcriptTurns, ...recording }) => ({
      ...recording,
      turns: turnsOf(transcriptTurns),
    })),
  };
}

type Turn = { speaker: number | null; startSeconds: number | null; endSeconds: number | null; text: string };

/** The stored turns as the builder shows them (written by the transcription job, redacted). */
function turnsOf(value: unknown): Turn[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t: Partial<Turn>) =>
    typeof t?.text === "string"
      ? [
          {
            speaker: t.speaker ?? null,
            startSeconds: t.startSeconds ?? null,
            endSeconds: t.endSeconds ?? null,
            text: t.text,
          },
        ]
      : [],
  );
}
