import { z } from "zod";
import { playbackDispositionSchema } from "../../services/recordings/playback-link.ts";
import { idSchema } from "../common.schema.ts";

export const createPlaybackLinkSchema = z.object({
  recordingId: idSchema,
  /** inline: play in the browser (with seeking); attachment: download the file. */
  disposition: playbackDispositionSchema.default("inline"),
});

export type CreatePlaybackLinkInput = z.infer<typeof createPlaybackLinkSchema>;
