import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { keyring } from "@ringflow/db";

/** How long a playback link works: enough to start playing and seek, too short to pass around. */
export const PLAYBACK_LINK_SECONDS = 300;

export const playbackDispositionSchema = z.enum(["inline", "attachment"]);
export type PlaybackDisposition = z.infer<typeof playbackDispositionSchema>;

/** What a signed link grants: one person, one recording of one tenant, listening or downloading, until `exp`. */
export const playbackGrantSchema = z.object({
  t: z.uuid(),
  u: z.uuid(),
  d: playbackDispositionSchema,
  exp: z.coerce.number().int(),
  k: z.string().min(1),
});
export type PlaybackGrant = z.infer<typeof playbackGrantSchema>;

/** A signing key derived from a deployment key, so the sealing keys themselves never sign anything. */
function signingKey(keyId: string): Buffer | null {
  const key = keyring().keys.get(keyId);
  return key ? createHmac("sha256", key).update("ringflow recording playback link v1").digest() : null;
}

const message = (recordingId: string, g: Omit<PlaybackGrant, "k">) =>
  `${recordingId}\n${g.t}\n${g.u}\n${g.d}\n${g.exp}`;

export function signPlaybackLink(
  publicUrl: string,
  recordingId: string,
  grant: { tenantId: string; userId: string; disposition: PlaybackDisposition },
  now = Date.now(),
): { url: string; expiresAt: Date } {
  const { activeKeyId } = keyring();
  const exp = Math.floor(now / 1000) + PLAYBACK_LINK_SECONDS;
  const fields = { t: grant.tenantId, u: grant.userId, d: grant.disposition, exp };
  const sig = createHmac("sha256", signingKey(activeKeyId)!)
    .update(message(recordingId, fields))
    .digest("base64url");
  const query = new URLSearchParams({ ...fields, exp: String(exp), k: activeKeyId, sig });
  return {
    url: `${publicUrl}/recordings/${recordingId}/audio?${query}`,
    expiresAt: new Date(exp * 1000),
  };
}

/** The grant of a link that is genuine and not expired; null otherwise (no detail: the answer is the same). */
export function verifyPlaybackLink(
  recordingId: string,
  query: Record<string, unknown>,
  now = Date.now(),
): PlaybackGrant | null {
  const parsed = playbackGrantSchema.safeParse(query);
  const sig = typeof query.sig === "string" ? Buffer.from(query.sig, "base64url") : null;
  if (!parsed.success || !sig) return null;
  const key = signingKey(parsed.data.k);
  if (!key || parsed.data.exp * 1000 < now) return null;
  const expected = createHmac("sha256", key).update(message(recordingId, parsed.data)).digest();
  return sig.length === expected.length && timingSafeEqual(sig, expected) ? parsed.data : null;
}
