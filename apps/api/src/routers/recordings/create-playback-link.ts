import { recordAudit } from "../../services/audit/audit.ts";
import { signPlaybackLink } from "../../services/recordings/playback-link.ts";
import { findPlayableRecording } from "../../services/recordings/recordings.ts";
import { can } from "../../trpc.ts";
import { createPlaybackLinkSchema } from "./create-playback-link.schema.ts";
import { refusalsAudited } from "./refusals-audited.ts";

/** A short-lived signed link to the decrypted audio (GET /recordings/:id/audio, with Range support). */
export const createPlaybackLinkProcedure = refusalsAudited
  .concat(can("recordings.download"))
  .input(createPlaybackLinkSchema)
  .mutation(async ({ ctx, input }) => {
    const recording = await findPlayableRecording(ctx.db, ctx.tenantId, input.recordingId);
    const link = signPlaybackLink(ctx.config.publicUrl, recording.id, {
      tenantId: ctx.tenantId,
      userId: ctx.user.id,
      disposition: input.disposition,
    });
    await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
      action: "recording.link",
      targetType: "recording",
      targetId: recording.id,
      data: { callId: recording.callId, disposition: input.disposition, expiresAt: link.expiresAt },
    });
    return link;
  });
