import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
import { SessionWatcher } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import {
  simulatorClientMessageSchema,
  type SimulatorServerMessage,
  type SimulatorStart,
} from "@ringflow/flow-schema";
import { FlowCompileError, type CompiledFlow } from "../../engine/index.ts";
import { FlowNotFoundError, type FlowResolver } from "../../calls/resolve-flow.ts";
import type { LogStream } from "../../calls/log-stream.ts";
import type { HttpExecutor } from "../../http/executor.ts";
import { authorizeTestCall, closeWhenSessionEnds, type SimulatorUser } from "./auth.ts";
import { MockingHttp } from "./mocking-http.ts";
import { SimulatorSession } from "./session.ts";

export interface SimulatorDeps {
  db: Db;
  /** Carries sign-outs and permission changes, so open test calls close with their session. */
  redis: Redis;
  flows: FlowResolver;
  executor: HttpExecutor;
  /** Where test calls are logged, like every call. */
  log: LogStream;
  /** Browser origins allowed to open a test call (the builder's); requests without an Origin are not browsers. */
  allowedOrigins: string[];
}

declare module "fastify" {
  interface FastifyRequest {
    simulatorUser?: SimulatorUser;
  }
}

/** `GET /simulator`: the builder's test call over a WebSocket (protocol: @ringflow/flow-schema simulator-protocol). */
export async function simulatorRoutes(app: FastifyInstance, deps: SimulatorDeps): Promise<void> {
  const watcher = new SessionWatcher({ db: deps.db, redis: deps.redis });
  await watcher.ready();
  app.addHook("onClose", () => watcher.close());
  app.get(
    "/simulator",
    {
      websocket: true,
      // Refused before the upgrade: another site's page, nobody signed in, or a role without flows.read.
      preValidation: async (request, reply) => {
        const origin = request.headers.origin;
        if (origin && !deps.allowedOrigins.includes(origin)) {
          request.log.warn({ origin }, "simulator: origin not allowed");
          return reply.code(403).send({ error: "origin not allowed" });
        }
        const access = await authorizeTestCall(deps.db, request.headers.cookie);
        if (!access.ok)
          return reply.code(access.reason === "unauthenticated" ? 401 : 403).send({ error: access.message });
        request.simulatorUser = access.user;
      },
    },
    (socket, request) => {
      const user = request.simulatorUser as SimulatorUser;
      const send = (message: SimulatorServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      let session: SimulatorSession | null = null;
      const starts: number[] = [];
      socket.on("message", (raw) => {
        void (async () => {
          let json: unknown;
          try {
            json = JSON.parse(String(raw));
          } catch {
            return send({ type: "error", message: "messages are JSON" });
          }
          const parsed = simulatorClientMessageSchema.safeParse(json);
          if (!parsed.success)
            return send({
              type: "error",
              message: `not a simulator message: ${parsed.error.issues[0]?.message ?? ""}`,
            });
          const message = parsed.data;
          if (message.type !== "start") {
            if (!session) return send({ type: "error", message: "send start first" });
            return session.handle(message);
          }
          // Each start compiles and validates a flow: a tab cannot make the runtime do that without limit.
          // The window is on the monotonic clock, so a step of the wall clock neither clears nor stretches it.
          const now = performance.now();
          while (starts.length && (starts[0] as number) < now - START_WINDOW_MS) starts.shift();
          if (starts.length >= MAX_STARTS_PER_WINDOW)
            return send({
              type: "error",
              message: "too many test calls in a minute: wait a moment and try again",
            });
          starts.push(now);
          const loaded = await loadFlow(deps, user, message).catch((error: unknown) => error as Error);
          if (loaded instanceof Error) return send(errorMessage(loaded));
          session = new SimulatorSession({
            ...loaded,
            start: message,
            callId: `SIM${randomUUID().replaceAll("-", "")}`,
            http: new MockingHttp(message.httpMocks, deps.executor),
            log: deps.log,
            logger: request.log,
            send,
          });
          await session.begin();
        })().catch((error: unknown) => {
          request.log.error({ err: error }, "simulator message failed");
          send({ type: "error", message: "internal error" });
        });
      });
      closeOnIdle(socket);
      closeWhenSessionEnds(socket, watcher, deps.db, user);
    },
  );
}

const START_WINDOW_MS = 60_000;
const MAX_STARTS_PER_WINDOW = 30;

/** Test calls are short; an abandoned tab does not hold a socket forever. */
function closeOnIdle(socket: WebSocket, ms = 30 * 60 * 1000): void {
  let timer = setTimeout(() => socket.close(1000, "idle"), ms);
  socket.on("message", () => {
    clearTimeout(timer);
    timer = setTimeout(() => socket.close(1000, "idle"), ms);
  });
  socket.on("close", () => clearTimeout(timer));
}

async function loadFlow(
  deps: SimulatorDeps,
  user: SimulatorUser,
  start: SimulatorStart,
): Promise<{
  flow: CompiledFlow;
  tenantId: string;
  flowInfo: { flowId: string | null; version: number | "draft"; flowVersionId: string | null };
}> {
  const source = start.flow;
  if ("document" in source) {
    const tenantId = source.tenantId ?? user.activeTenantId ?? user.tenantIds[0];
    if (!tenantId || !user.tenantIds.includes(tenantId))
      throw new FlowNotFoundError("you are not a member of that tenant");
    return {
      flow: await deps.flows.compileDocument(tenantId, source.document),
      tenantId,
      flowInfo: { flowId: null, version: "draft", flowVersionId: null },
    };
  }
  const flow = await deps.db.flow.findFirst({
    where: { id: source.flowId, tenantId: { in: user.tenantIds } },
    select: { id: true, tenantId: true, draft: true, liveVersionId: true },
  });
  if (!flow) throw new FlowNotFoundError("flow not found");
  if (source.version === "draft")
    return {
      flow: await deps.flows.compileDocument(flow.tenantId, flow.draft, flow.id),
      tenantId: flow.tenantId,
      flowInfo: { flowId: flow.id, version: "draft", flowVersionId: null },
    };
  if (source.version === "live" && !flow.liveVersionId)
    throw new FlowNotFoundError("this flow has not been published yet: test the draft, or publish it first");
  const version = await deps.db.flowVersion.findFirst({
    where:
      source.version === "live"
        ? { tenantId: flow.tenantId, flowId: flow.id, id: flow.liveVersionId as string }
        : { tenantId: flow.tenantId, flowId: flow.id, number: source.version },
    select: { id: true, number: true },
  });
  if (!version) throw new FlowNotFoundError(`version ${source.version} of the flow not found`);
  const pinned = await deps.flows.pin(flow.tenantId, flow.id, version.id);
  return {
    flow: await deps.flows.compile(pinned),
    tenantId: flow.tenantId,
    flowInfo: { flowId: flow.id, version: version.number, flowVersionId: version.id },
  };
}

function errorMessage(error: Error): SimulatorServerMessage {
  if (error instanceof FlowCompileError)
    return {
      type: "error",
      message: "the flow has errors",
      problems: error.problems.map((p) => ({ nodeId: p.nodeId ?? null, message: p.message })),
    };
  if (error instanceof FlowNotFoundError) return { type: "error", message: error.message };
  if (error.name === "MigrationError" || error.name === "ZodError")
    return { type: "error", message: `not a flow document: ${error.message}` };
  throw error;
}
