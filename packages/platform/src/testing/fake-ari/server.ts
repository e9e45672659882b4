import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { ariResponseProblems, checkAriRequest } from "../ari-description.ts";
import { controlsFor } from "./controls.ts";
import { describedDocument } from "./description-docs.ts";
import { WaitableLog } from "./log.ts";
import { routeContext } from "./rest-context.ts";
import { REST_ROUTES } from "./rest-routes.ts";
import { AriError, World, type FakeAriOptions } from "./world.ts";

export type RecordedRequest = {
  method: string;
  /** Under /ari: "/channels/1763719200.7/answer", "/events" for the WebSocket. */
  path: string;
  /** Query parameters (api_key left out), a repeated one as a list. */
  query: Record<string, string | string[]>;
  body: unknown;
  /** "channels.answer": the description's resource and nickname, when the request reached one. */
  operation?: string;
  status: number;
};

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return record;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  return text ? JSON.parse(text) : undefined;
}

/** A raw HTTP answer on a socket whose WebSocket upgrade is refused. */
function refuseUpgrade(socket: Socket, status: number, reason: string, message: string) {
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * A fake Asterisk 22 on 127.0.0.1:<random port>: ARI's REST operations simulated with state (every request
 * checked against the description), the events WebSocket (every event checked against events.json), Basic
 * and api_key authentication as Asterisk takes them, and controls for the test (see controls.ts).
 */
export async function startFakeAri(options: FakeAriOptions = {}) {
  const username = options.username ?? "ringflow";
  const password = options.password ?? "ari-secret";
  const world = new World(options);
  const requestLog = new WaitableLog<RecordedRequest>();
  const requests = requestLog.entries;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  let refusing = false;
  /** "reset": every new TCP connection is cut at once, as an unreachable PBX or a firewall does. */
  let resetting = false;
  let baseUrl = "";

  const authorized = (req: IncomingMessage, url: URL) => {
    const header = req.headers.authorization ?? "";
    const basic = header.startsWith("Basic ")
      ? Buffer.from(header.slice(6), "base64").toString("utf8")
      : undefined;
    return (basic ?? url.searchParams.get("api_key")) === `${username}:${password}`;
  };
  const report = (problem: string) => world.problems.push(problem);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    if (refusing) return json(res, 503, { message: "Service Unavailable" });
    if (!url.pathname.startsWith("/ari/")) return json(res, 404, { message: "Not Found" });
    if (!authorized(req, url)) {
      res.setHeader("www-authenticate", 'Basic realm="Asterisk REST Interface"');
      return json(res, 401, { message: "Authentication required" });
    }
    if (url.pathname.startsWith("/ari/api-docs/")) {
      const document = req.method === "GET" ? describedDocument(url.pathname, baseUrl) : undefined;
      return document ? json(res, 200, document) : json(res, 404, { message: "Resource not found" });
    }
    const method = req.method ?? "GET";
    const path = url.pathname.slice("/ari".length);
    const query = new URLSearchParams(url.searchParams);
    query.delete("api_key");
    let body: unknown;
    try {
      body = await readBody(req);
    } catch {
      report(`${method} ${path}: the body is not JSON`);
      return json(res, 400, { message: "The body is not valid JSON" });
    }
    const verdict = checkAriRequest({ method, path, query, body });
    const operation = verdict.operation;
    const entry: RecordedRequest = {
      method,
      path,
      query: queryRecord(query),
      body,
      operation: operation && `${operation.resource}.${operation.nickname}`,
      status: verdict.status,
    };
    requestLog.push(entry);
    if (verdict.problems.length) {
      for (const problem of verdict.problems) report(`${method} ${path}: ${problem}`);
      return json(res, verdict.status, { message: verdict.problems.join("; ") });
    }
    const route = operation && REST_ROUTES[operation.resource]?.[operation.nickname];
    if (!route) {
      entry.status = 501;
      report(`${method} ${path}: ${entry.operation} is in the description but the fake does not simulate it`);
      return json(res, 501, { message: "Not simulated by the fake Asterisk" });
    }
    try {
      const reply = route(routeContext(world, verdict.pathParams, query, body));
      entry.status = reply.status;
      if (reply.file) {
        res.writeHead(reply.status, {
          "content-type": reply.file.contentType,
          "content-length": reply.file.data.length,
        });
        return res.end(reply.file.data);
      }
      // Asterisk itself reports a paused playback as "paused", outside the Playback model's list of states.
      for (const problem of ariResponseProblems(operation, reply.json))
        if (!problem.includes("=paused is not one of"))
          report(`fake answer to ${method} ${path}: ${problem}`);
      if (reply.json === undefined) {
        res.writeHead(reply.status);
        return res.end();
      }
      return json(res, reply.status, reply.json);
    } catch (error) {
      if (!(error instanceof AriError)) {
        report(`${method} ${path}: the fake failed: ${String(error)}`);
        entry.status = 500;
        return json(res, 500, { message: String(error) });
      }
      entry.status = error.status;
      return json(res, error.status, { message: error.message });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      report(`the fake failed: ${String(error)}`);
      if (!res.headersSent) json(res, 500, { message: "Internal Server Error" });
    });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? "/", baseUrl);
    if (refusing) return refuseUpgrade(socket, 503, "Service Unavailable", "Service Unavailable");
    if (url.pathname !== "/ari/events") return refuseUpgrade(socket, 404, "Not Found", "Not Found");
    if (!authorized(req, url)) return refuseUpgrade(socket, 401, "Unauthorized", "Authentication required");
    const query = new URLSearchParams(url.searchParams);
    query.delete("api_key");
    const verdict = checkAriRequest({ method: "GET", path: "/events", query });
    requestLog.push({
      method: "GET",
      path: "/events",
      query: queryRecord(query),
      body: undefined,
      operation: "events.eventWebsocket",
      status: verdict.problems.length ? verdict.status : 101,
    });
    if (verdict.problems.length) {
      for (const problem of verdict.problems) report(`GET /events: ${problem}`);
      return refuseUpgrade(socket, 400, "Bad Request", verdict.problems.join("; "));
    }
    const apps = (query.get("app") ?? "").split(",").filter(Boolean);
    const subscribeAll = ["true", "yes", "1", "on"].includes((query.get("subscribeAll") ?? "").toLowerCase());
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      world.hub.register(ws, apps, subscribeAll);
      ws.on("close", () => {
        sockets.delete(ws);
        world.hub.unregister(ws);
      });
      ws.on("error", () => ws.terminate());
    });
  });

  server.on("connection", (socket: Socket) => {
    if (resetting) socket.resetAndDestroy();
  });
  // Asterisk keeps an idle HTTP session open this long (http.conf session_keep_alive, 15 s by default); Node's
  // server would close it after 5 s, so a client's kept-alive sockets would be made again and again.
  server.keepAliveTimeout = 15_000;

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dropConnections = () => {
    for (const ws of sockets) {
      ws.terminate();
      world.hub.unregister(ws);
    }
    sockets.clear();
  };

  return {
    /** http://127.0.0.1:<port>; ARI is at url + "/ari". */
    url: baseUrl,
    username,
    password,
    ...controlsFor(world),
    /** Every REST request and WebSocket connect, in order. */
    requests,
    /** The first request (from the `since`-th on) that matches; waits for it if need be. */
    nextRequest: (match: (request: RecordedRequest) => boolean, since = 0) => requestLog.next(match, since),
    /** How many event WebSockets are open now. */
    connections: () => sockets.size,
    /** Cuts every events WebSocket, as a network drop does; channels, bridges and apps stay. */
    dropConnections,
    /**
     * While on, REST answers 503 and the events WebSocket is refused with 503 (Asterisk up, ARI unavailable);
     * with how "reset" every new TCP connection is cut instead (the PBX unreachable). Open sockets stay open.
     */
    refuseConnections(on: boolean, how: "unavailable" | "reset" = "unavailable") {
      refusing = on && how === "unavailable";
      resetting = on && how === "reset";
    },
    /**
     * Asterisk restarts: every socket drops and every channel, bridge, playback, live recording and app is
     * forgotten (stored recordings stay). With downMs it refuses connections that long before it is back.
     */
    async restart(restartOptions: { downMs?: number } = {}) {
      refusing = true;
      dropConnections();
      world.forgetAll();
      if (restartOptions.downMs) await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs));
      refusing = false;
    },
    async close() {
      dropConnections();
      world.forgetAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeAri = Awaited<ReturnType<typeof startFakeAri>>;
