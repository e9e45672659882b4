import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
  /** Why the request's AWS Signature V4 does not hold; null when it does. */
  signatureProblem: string | null;
}

export interface S3Server {
  url: string;
  requests: S3Request[];
  objects: Map<string, Buffer>;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/**
 * A stand-in for S3's REST API (path-style PutObject, GetObject, DeleteObject) on loopback that records every
 * request and checks its Signature V4 against the one secret it knows, as S3 does.
 */
export async function startS3Server(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
}): Promise<S3Server> {
  const requests: S3Request[] = [];
  const objects = new Map<string, Buffer>();

  function signatureProblem(req: IncomingMessage, url: URL, body: Buffer): string | null {
    const auth = req.headers.authorization ?? "";
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!match) return `Authorization is not AWS4-HMAC-SHA256: ${auth.slice(0, 40)}`;
    const [, keyId, date, region, signedHeaders, signature] = match as unknown as string[];
    if (keyId !== credentials.accessKeyId) return `unknown access key ${keyId}`;
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    if (!amzDate.startsWith(date!)) return "x-amz-date does not match the credential's date";
    const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
    if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body))
      return "x-amz-content-sha256 is not the body's SHA-256";
    const names = signedHeaders!.split(";");
    for (const required of ["host", "x-amz-content-sha256", "x-amz-date"])
      if (!names.includes(required)) return `${required} is not signed`;
    const query = [...url.searchParams]
      .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
      .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const canonical = [
      req.method,
      url.pathname,
      query,
      names.map((name) => `${name}:${String(req.headers[name] ?? "").trim()}\n`).join(""),
      signedHeaders,
      payloadHash,
    ].join("\n");
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date!);
    for (const part of [region!, "s3", "aws4_request"]) key = hmac(key, part);
    return createHmac("sha256", key).update(toSign).digest("hex") === signature
      ? null
      : "signature does not match";
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://s3");
      const problem = signatureProblem(req, url, body);
      requests.push({
        method: req.method ?? "",
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body,
        signatureProblem: problem,
      });
      const xmlError = (status: number, code: string) =>
        res
          .writeHead(status, { "content-type": "application/xml" })
          .end(
            `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
          );
      if (problem) return xmlError(403, "SignatureDoesNotMatch");
      const key = decodeURIComponent(url.pathname);
      if (req.method === "PUT") {
        objects.set(key, body);
        return res.writeHead(200, { etag: `"${createHash("md5").update(body).digest("hex")}"` }).end();
      }
      if (req.method === "GET") {
        const object = objects.get(key);
        if (!object) return xmlError(404, "NoSuchKey");
        return res
          .writeHead(200, { "content-type": "application/octet-stream", "content-length": object.length })
          .end(object);
      }
      if (req.method === "DELETE") {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      return xmlError(405, "MethodNotAllowed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    objects,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
