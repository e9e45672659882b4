import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerVoiceSetup, type FakeVoiceSetup } from "./fake-twilio-voice.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  /** The form body, field by field; repeated fields (StatusCallbackEvent) keep every value. */
  form: Record<string, string | string[]>;
}

export interface FakeNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl?: string;
}

/**
 * A local stand-in for the parts of Twilio's REST API (2010-04-01) Ringflow calls, answering with the
 * documented JSON shapes and error format, and recording every request for assertions.
 */
export interface FakeAccount {
  sid: string;
  authToken: string;
  /** An API key that may act for the account instead of its auth token. */
  apiKey?: { sid: string; secret: string };
  numbers: FakeNumber[];
  /** API keys and TwiML Apps created through the API (filled in by the fake). */
  voice?: FakeVoiceSetup;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

export async function startFakeTwilio(...initial: FakeAccount[]) {
  const requests: RecordedRequest[] = [];
  const accounts = new Map(initial.map((account) => [account.sid, account]));

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body)) {
      const existing = form[key];
      form[key] = existing === undefined ? value : [...([] as string[]).concat(existing), value];
    }
    requests.push({
      method: req.method ?? "",
      path: url.pathname,
      authorization: req.headers.authorization ?? null,
      contentType: req.headers["content-type"] ?? null,
      form,
    });
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    const account = accounts.get(url.pathname.match(/^\/2010-04-01\/Accounts\/(AC\w{32})/)?.[1] ?? "");
    const allowed = account
      ? [
          basic(account.sid, account.authToken),
          ...(account.apiKey ? [basic(account.apiKey.sid, account.apiKey.secret)] : []),
          ...(account.voice?.keys ?? []).map((key) => basic(key.sid, key.secret)),
        ]
      : [];
    if (!account || !allowed.includes(req.headers.authorization ?? ""))
      return send(401, {
        code: 20003,
        message: "Authenticate",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401,
      });
    answer(account, req.method ?? "", url, form, send);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addAccount: (account: FakeAccount) => void accounts.set(account.sid, account),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answer(
  account: FakeAccount,
  method: string,
  url: URL,
  form: Record<string, string | string[]>,
  send: (status: number, json: unknown) => void,
) {
  const base = `/2010-04-01/Accounts/${account.sid}`;
  const numberJson = (n: FakeNumber) => ({
    sid: n.sid,
    account_sid: account.sid,
    phone_number: n.phoneNumber,
    friendly_name: n.friendlyName,
    voice_url: n.voiceUrl ?? null,
    voice_method: "POST",
    uri: `${base}/IncomingPhoneNumbers/${n.sid}.json`,
  });

  if (method === "GET" && url.pathname === `${base}.json`)
    return send(200, {
      sid: account.sid,
      friendly_name: "Fake Co",
      status: "active",
      type: "Full",
      uri: `${base}.json`,
    });
  if (method === "GET" && url.pathname === `${base}/IncomingPhoneNumbers.json`)
    return send(200, {
      incoming_phone_numbers: account.numbers.map(numberJson),
      page: 0,
      page_size: Number(url.searchParams.get("PageSize") ?? 50),
      first_page_uri: `${base}/IncomingPhoneNumbers.json?Page=0`,
      next_page_uri: null,
      previous_page_uri: null,
      uri: `${base}/IncomingPhoneNumbers.json`,
      start: 0,
      end: account.numbers.length,
    });
  const numberMatch = url.pathname.match(new RegExp(`^${base}/IncomingPhoneNumbers/(PN\\w+)\\.json$`));
  if (method === "POST" && numberMatch) {
    const number = account.numbers.find((n) => n.sid === numberMatch[1]);
    if (!number)
      return send(404, { code: 20404, message: "The requested resource was not found", status: 404 });
    number.voiceUrl = String(form.VoiceUrl ?? number.voiceUrl ?? "");
    return send(200, numberJson(number));
  }
  if (method === "POST" && url.pathname === `${base}/Calls.json`)
    return send(201, {
      sid: `CA${randomBytes(16).toString("hex")}`,
      account_sid: account.sid,
      to: form.To,
      from: form.From,
      status: "queued",
      direction: "outbound-api",
    });
  account.voice ??= { keys: [], applications: [] };
  if (answerVoiceSetup(account.sid, account.voice, method, url.pathname, form, send)) return;
  return send(404, { code: 20404, message: "The requested resource was not found", status: 404 });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
