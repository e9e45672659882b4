import type { FastifyInstance } from "fastify";
import type { Db } from "@ringflow/db";
import { assetAudioAnswer, type ObjectStore } from "@ringflow/recordings";

/** GET /assets/:assetId/audio?<signed link>: an uploaded audio file, for the builder's player. */
export async function assetAudioRoutes(app: FastifyInstance, deps: { db: Db; store: ObjectStore }) {
  app.get<{ Params: { assetId: string } }>("/assets/:assetId/audio", async (request, reply) => {
    const answer = await assetAudioAnswer(
      { findAsset: (where) => deps.db.asset.findFirst({ where }), store: deps.store },
      request.params.assetId,
      request.query as Record<string, unknown>,
    );
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}
