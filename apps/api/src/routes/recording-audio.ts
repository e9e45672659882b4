import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Db } from "@ringflow/db";
import { readAudio, storedAudioOf, type ObjectStore } from "@ringflow/recordings";
import { recordAudit } from "../services/audit/audit.ts";
import { verifyPlaybackLink } from "../services/recordings/playback-link.ts";
import { byteRange } from "./byte-range.ts";

const paramsSchema = z.object({ recordingId: z.uuid() });

/**
 * GET /recordings/:recordingId/audio?<signed link>: the decrypted audio, with Range requests so the browser's
 * player can seek. Each listen or download is audited once (its first request, not every range it seeks to).
 */
export async function recordingAudioRoutes(app: FastifyInstance, deps: { db: Db; store: ObjectStore }) {
  app.get("/recordings/:recordingId/audio", async (request, reply) => {
    const params = paramsSchema.safeParse(request.params);
    const grant = params.success
      ? verifyPlaybackLink(params.data.recordingId, request.query as Record<string, unknown>)
      : null;
    if (!params.success || !grant)
      return reply
        .code(403)
        .send({ error: "This playback link is not valid or has expired; open the recording again." });
    const { recordingId } = params.data;
    const row = await deps.db.recording.findFirst({
      where: { id: recordingId, tenantId: grant.t, deletedAt: null },
    });
    // The link was signed for someone allowed to listen; it lasts minutes, so a changed role applies at the next one.
    const stored = row && storedAudioOf(row);
    if (!row || !stored) return reply.code(404).send({ error: "This recording is no longer available." });
    const audio = await readAudio(deps.store, stored);
    const range = byteRange(request.headers.range, audio.length);
    reply.headers({
      "accept-ranges": "bytes",
      "content-type": row.contentType ?? "application/octet-stream",
      "cache-control": "private, no-store",
      "content-disposition": `${grant.d}; filename="recording-${recordingId}.${row.contentType === "audio/mpeg" ? "mp3" : "wav"}"`,
    });
    if (range === "unsatisfiable")
      return reply.code(416).header("content-range", `bytes */${audio.length}`).send();
    if (!range || range.start === 0)
      await recordAudit(
        deps.db,
        grant.t,
        { userId: grant.u, ipAddress: request.ip },
        {
          action: grant.d === "attachment" ? "recording.download" : "recording.listen",
          targetType: "recording",
          targetId: recordingId,
          data: { callId: row.callId, userAgent: request.headers["user-agent"]?.slice(0, 200) ?? null },
        },
      );
    if (!range) return reply.code(200).header("content-length", audio.length).send(audio);
    return reply
      .code(206)
      .header("content-range", `bytes ${range.start}-${range.end}/${audio.length}`)
      .header("content-length", range.end - range.start + 1)
      .send(audio.subarray(range.start, range.end + 1));
  });
}
