import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { LocalAsteriskMedia } from "./local-media.ts";

const NAME = /^([0-9a-f]{64})\.wav$/;

/**
 * GET /media/<key>.wav: a file Asterisk's HTTP media cache fetches to play. Keys are HMACs, so only a URI the
 * runtime handed out names a file; nothing lists them.
 */
export async function mediaRoutes(
  app: FastifyInstance,
  deps: { media: Pick<LocalAsteriskMedia, "fileFor"> },
) {
  app.get<{ Params: { file: string } }>("/media/:file", async (request, reply) => {
    const key = NAME.exec(request.params.file)?.[1];
    const file = key ? await deps.media.fileFor(key) : null;
    if (!file) return reply.code(404).send({ error: "There is no such audio." });
    return reply
      .headers({ "content-type": "audio/wav", "cache-control": "private, max-age=86400" })
      .send(await readFile(file));
  });
}
