import type { FastifyInstance } from "fastify";
import type { Db } from "@ringflow/db";
import { assetAudioAnswer, recordingStoreFromEnv, type ObjectStore } from "@ringflow/recordings";

/**
 * GET /assets/:assetId/audio?<signed link>: an uploaded audio file for the provider's <Play>, on the public
 * URL the provider already reaches for webhooks. The link (signed when the TwiML was written) names the tenant.
 */
export async function assetAudioRoutes(app: FastifyInstance, deps: { db: Db; store?: ObjectStore }) {
  const store = deps.store ?? recordingStoreFromEnv();
  app.get<{ Params: { assetId: string } }>("/assets/:assetId/audio", async (request, reply) => {
    const answer = await assetAudioAnswer(
      { findAsset: (where) => deps.db.asset.findFirst({ where }), store },
      request.params.assetId,
      request.query as Record<string, unknown>,
    );
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}
