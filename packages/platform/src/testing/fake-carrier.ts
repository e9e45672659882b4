import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export type CarrierAnswer = { status: number; body?: unknown } | "drop";

/**
 * A carrier's REST API on loopback that records every request and answers as `answer` says (a status and
 * JSON body or bytes, or a dropped connection: a carrier that cannot be reached).
 */
export async function startFakeCarrier(answer: (request: RecordedRequest) => CarrierAnswer) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body,
      };
      requests.push(recorded);
      const reply = answer(recorded);
      if (reply === "drop") return void req.socket.destroy();
      // Bytes (a recording's media) as they are; anything else as JSON.
      if (Buffer.isBuffer(reply.body))
        return void res.writeHead(reply.status, { "content-type": "audio/x-wav" }).end(reply.body);
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
