import type { Db } from "@ringflow/db";
import type { Logger, Redis } from "@ringflow/platform";
import type { CallSessionDeps } from "../../calls/call-session.ts";
import { CallSession } from "../../calls/call-session.ts";
import { RedisCallStore } from "../../calls/call-store.ts";
import { LogStream } from "../../calls/log-stream.ts";
import { RecentCallStore } from "../../calls/recent-calls.ts";
import type { FlowResolver } from "../../calls/resolve-flow.ts";
import type { AsteriskMedia } from "../../media/asterisk-media.ts";
import { asteriskAdapter } from "./ari-commands.ts";
import { AriApplication } from "./ari-application.ts";
import type { AsteriskQueues } from "./channel-call.ts";
import { AsteriskConnections, type AsteriskConnectionsDeps } from "./connections.ts";

export interface AsteriskWiringDeps extends Pick<
  CallSessionDeps<string>,
  "http" | "clock" | "inlineHttpMs" | "httpPollMs"
> {
  db: Db;
  redis: Redis;
  redisKeyPrefix: string;
  flows: FlowResolver;
  media: AsteriskMedia;
  logger: Logger;
  owner: string;
  allowNetworks: readonly string[];
  leaseMs?: number;
  retryMs?: AsteriskConnectionsDeps["retryMs"];
  refreshMs?: number;
  tenantIds?: string[];
  /** The queue engine's calls (Enqueue blocks, agents rung through the PBX). */
  queues?: AsteriskQueues;
  /** Only until the server passes `queues` (a shared file being changed by another change): ignored. */
  callEnded?: (tenantId: string, callId: string) => Promise<void>;
}

/** The Asterisk side of the runtime: the one call core with the ARI adapter, on every tenant's connection. */
export function asteriskWiring(deps: AsteriskWiringDeps): {
  connections: AsteriskConnections;
  session: CallSession<string>;
} {
  const { flows, logger } = deps;
  const session = new CallSession<string>({
    // This process alone carries a connection's calls: an event starts from the call as it last wrote it.
    store: new RecentCallStore(new RedisCallStore(deps.redis, deps.redisKeyPrefix)),
    adapter: asteriskAdapter,
    flowOf: (call) =>
      flows.compile({
        ...call.meta,
        flowId: call.meta.flowId ?? "",
        flowVersionId: call.meta.flowVersionId ?? "",
      }),
    http: deps.http,
    clock: deps.clock,
    logger,
    inlineHttpMs: deps.inlineHttpMs,
    httpPollMs: deps.httpPollMs,
  });
  const connections = new AsteriskConnections({
    db: deps.db,
    redis: deps.redis,
    owner: deps.owner,
    allowNetworks: deps.allowNetworks,
    logger,
    ...(deps.leaseMs ? { leaseMs: deps.leaseMs } : {}),
    ...(deps.retryMs ? { retryMs: deps.retryMs } : {}),
    ...(deps.refreshMs ? { refreshMs: deps.refreshMs } : {}),
    ...(deps.tenantIds ? { tenantIds: deps.tenantIds } : {}),
    application: (account, rest) =>
      new AriApplication(rest, {
        account,
        flows,
        db: deps.db,
        log: new LogStream(deps.redis, deps.redisKeyPrefix),
        session,
        media: deps.media,
        clock: deps.clock,
        logger,
        ...(deps.queues ? { queues: deps.queues } : {}),
      }),
  });
  return { connections, session };
}
