import { generateKeyPairSync } from "node:crypto";
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

/** A fresh test key pair's public half as Telnyx shows an account's key: base64 of its 32 raw bytes. */
export function telnyxTestPublicKey(): string {
  return generateKeyPairSync("ed25519")
    .publicKey.export({ format: "der", type: "spki" })
    .subarray(12)
    .toString("base64");
}

/** The path of a SignalWire project's Twilio-compatible (LaML) REST API. */
export const lamlPath = (projectId: string) => `/api/laml/2010-04-01/Accounts/${projectId}`;

export interface FakeNumber {
  id: string;
  e164: string;
  friendlyName?: string;
}

/** SignalWire's LaML API of one project, as documented: the project, its numbers listed and updated; 404 else. */
export function signalWireAnswers(
  project: { id: string; friendlyName: string },
  numbers: FakeNumber[],
): (request: RecordedRequest) => CarrierAnswer {
  const base = lamlPath(project.id);
  return (request) => {
    if (request.path === `${base}.json`)
      return { status: 200, body: { friendly_name: project.friendlyName, status: "active" } };
    if (request.path.startsWith(`${base}/IncomingPhoneNumbers.json`))
      return {
        status: 200,
        body: {
          incoming_phone_numbers: numbers.map((n) => ({
            sid: n.id,
            phone_number: n.e164,
            friendly_name: n.friendlyName ?? n.e164,
          })),
        },
      };
    const updated = numbers.find((n) => request.path === `${base}/IncomingPhoneNumbers/${n.id}.json`);
    if (updated) return { status: 200, body: { sid: updated.id } };
    return { status: 404, body: { message: "The requested resource was not found" } };
  };
}

/**
 * Telnyx's API v2 as documented: the bearer key checked first (401 in Telnyx's error shape), then the TeXML
 * application, the numbers listed and updated; 404 else. `apiKey` is read at each request (a key revoked).
 */
export function telnyxAnswers(options: {
  apiKey: () => string;
  applicationId: string;
  numbers: FakeNumber[];
}): (request: RecordedRequest) => CarrierAnswer {
  return (request) => {
    if (request.authorization !== `Bearer ${options.apiKey()}`)
      return { status: 401, body: { errors: [{ code: "10009", title: "Authentication failed" }] } };
    if (request.path === `/texml_applications/${options.applicationId}`)
      return {
        status: 200,
        body: { data: { id: options.applicationId, friendly_name: "Ringflow", active: true } },
      };
    if (request.path.startsWith("/phone_numbers?"))
      return {
        status: 200,
        body: { data: options.numbers.map((n) => ({ id: n.id, phone_number: n.e164, connection_id: null })) },
      };
    const updated = options.numbers.find((n) => request.path === `/phone_numbers/${n.id}`);
    if (updated) return { status: 200, body: { data: { id: updated.id } } };
    return { status: 404, body: { errors: [{ detail: "Resource not found" }] } };
  };
}
