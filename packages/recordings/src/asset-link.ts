import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { keyring } from "@ringflow/db";

/**
 * How long a link to an uploaded audio file works: the provider fetches it as the Play is reached (and may
 * cache it); the builder's player starts within seconds. Long enough for that, too short to pass around.
 */
export const ASSET_LINK_SECONDS = 600;

const grantSchema = z.object({
  t: z.uuid(),
  exp: z.coerce.number().int(),
  k: z.string().min(1),
  sig: z.string().min(1),
});

/** A key derived from a deployment key, so the sealing keys themselves never sign anything. */
function signingKey(keyId: string): Buffer | null {
  const key = keyring().keys.get(keyId);
  return key ? createHmac("sha256", key).update("ringflow asset link v1").digest() : null;
}

const message = (assetId: string, tenantId: string, exp: number) => `${assetId}\n${tenantId}\n${exp}`;

/** `<base>/assets/<id>/audio?t=&exp=&k=&sig=`: one tenant's file, until `exp` (HMAC-SHA256). */
export function signAssetLink(
  baseUrl: string,
  asset: { tenantId: string; assetId: string },
  now = Date.now(),
): string {
  const { activeKeyId } = keyring();
  const exp = Math.floor(now / 1000) + ASSET_LINK_SECONDS;
  const sig = createHmac("sha256", signingKey(activeKeyId)!)
    .update(message(asset.assetId, asset.tenantId, exp))
    .digest("base64url");
  const query = new URLSearchParams({ t: asset.tenantId, exp: String(exp), k: activeKeyId, sig });
  return `${baseUrl.replace(/\/$/, "")}/assets/${asset.assetId}/audio?${query}`;
}

/** The tenant a genuine, unexpired link is for; null otherwise (the same answer whatever is wrong). */
export function verifyAssetLink(
  assetId: string,
  query: Record<string, unknown>,
  now = Date.now(),
): { tenantId: string } | null {
  const parsed = grantSchema.safeParse(query);
  if (!parsed.success) return null;
  const key = signingKey(parsed.data.k);
  if (!key || parsed.data.exp * 1000 < now) return null;
  const expected = createHmac("sha256", key)
    .update(message(assetId, parsed.data.t, parsed.data.exp))
    .digest();
  const sig = Buffer.from(parsed.data.sig, "base64url");
  return sig.length === expected.length && timingSafeEqual(sig, expected)
    ? { tenantId: parsed.data.t }
    : null;
}
