import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { WebSocketServer } from "ws";

const run = promisify(execFile);
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** A SIP message over WebSocket (RFC 7118): a start line, headers, a blank line, a body. */
function parse(text: string) {
  const [head = ""] = text.split("\r\n\r\n");
  const [start = "", ...lines] = head.split("\r\n");
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const at = line.indexOf(":");
    const name = line.slice(0, at).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(at + 1).trim()]);
  }
  return { method: start.split(" ")[0] ?? "", uri: start.split(" ")[1] ?? "", headers };
}

/** `Digest a="b", c=d` as a map. */
function digestFields(header: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const m of header.replace(/^Digest\s+/i, "").matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g))
    fields.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? "");
  return fields;
}

export interface Registration {
  user: string;
  /** The digest answer matched the password the registrar was given for that user. */
  accepted: boolean;
}

/**
 * A SIP registrar over secure WebSocket on loopback, as Asterisk's PJSIP answers a browser: REGISTER is
 * challenged (401, MD5 digest), then accepted (200) when the answer matches the user's password, else 403.
 * Its certificate is made for the test, so the browser must be told to accept it.
 */
export async function startSipRegistrar(passwords: Map<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), "ringflow-sip-"));
  const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-keyout",
    key,
    "-out",
    cert,
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  ]);
  const server = createServer({ key: await readFile(key), cert: await readFile(cert) });
  const wss = new WebSocketServer({
    server,
    handleProtocols: (protocols) => (protocols.has("sip") ? "sip" : false),
  });
  const realm = "ringflow-test";
  const nonce = randomBytes(16).toString("hex");
  const registrations: Registration[] = [];
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      const message = parse(data.toString());
      if (message.method !== "REGISTER") return;
      const copy = ["via", "from", "call-id", "cseq"].flatMap((name) =>
        (message.headers.get(name) ?? []).map(
          (value) =>
            `${name === "call-id" ? "Call-ID" : name === "cseq" ? "CSeq" : name[0]!.toUpperCase() + name.slice(1)}: ${value}`,
        ),
      );
      const to = `To: ${message.headers.get("to")?.[0] ?? ""};tag=${randomBytes(4).toString("hex")}`;
      const reply = (status: string, extra: string[]) =>
        socket.send([`SIP/2.0 ${status}`, ...copy, to, ...extra, "Content-Length: 0", "", ""].join("\r\n"));
      const authorization = message.headers.get("authorization")?.[0];
      if (!authorization)
        return reply("401 Unauthorized", [
          `WWW-Authenticate: Digest realm="${realm}", nonce="${nonce}", algorithm=MD5`,
        ]);
      const fields = digestFields(authorization);
      const user = fields.get("username") ?? "";
      const password = passwords.get(user);
      const expected = password
        ? md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:${md5(`REGISTER:${fields.get("uri") ?? ""}`)}`)
        : null;
      const accepted = expected !== null && fields.get("response") === expected;
      registrations.push({ user, accepted });
      reply(
        accepted ? "200 OK" : "403 Forbidden",
        accepted ? [`Contact: ${message.headers.get("contact")?.[0] ?? ""};expires=600`] : [],
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `wss://127.0.0.1:${(server.address() as AddressInfo).port}/ws`,
    registrations,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
