import ari, { type Client } from "ari-client";
import type { Db } from "@ringflow/db";
import {
  ASTERISK_CONNECTION_FIELD,
  asteriskConnectionKey,
  type AsteriskConnectionState,
} from "@ringflow/flow-schema";
import {
  ariHttp,
  OutboundGuard,
  OutboundRefusedError,
  type Logger,
  type Redis,
  type ResolveHost,
} from "@ringflow/platform";
import type { AriApplication, AsteriskAccount } from "./ari-application.ts";
import { dispatchEvents } from "./ari-event-socket.ts";
import { HANDLED_ARI_EVENTS } from "./ari-events.ts";
import { ASTERISK_ACCOUNT_SELECT, openAsteriskAccount } from "./asterisk-account.ts";
import { ariRest, type AriRest } from "./ari-rest.ts";
import { ConnectionLease } from "./connection-lease.ts";

export interface AsteriskConnectionsDeps {
  db: Db;
  /** With the deployment's key prefix: leases and connection states. */
  redis: Redis;
  /** This process, as leases and states name it. */
  owner: string;
  /** The call side of one connection. */
  application(account: AsteriskAccount, rest: AriRest): AriApplication;
  /** PBX_ALLOW_NETWORKS: the operator's PBX networks, reachable although private (as for "Test connection"). */
  allowNetworks: readonly string[];
  resolve?: ResolveHost;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** A dead holder's connection is taken over within about this long. */
  leaseMs?: number;
  /** Only these tenants' accounts (tests share one database); all when absent. */
  tenantIds?: string[];
  /** How often the accounts are read again (new, changed and removed accounts). */
  refreshMs?: number;
  /** Backoff between connection attempts: from the first to the last delay, doubling. */
  retryMs?: { first: number; max: number };
}

/**
 * The runtime's connections to its tenants' Asterisks: one per Asterisk provider account, held by exactly
 * one runtime process at a time (a Redis lease it renews). The holder connects with ari-client, starts the
 * account's Stasis application, reconnects with backoff when the PBX restarts or the network drops, and
 * writes the connection's state for the API to show. Another process takes a dead holder's lease and
 * continues its calls.
 */
export class AsteriskConnections {
  private readonly connections = new Map<string, AccountConnection>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: AsteriskConnectionsDeps) {}

  async start(): Promise<void> {
    await this.refresh();
    const every = this.deps.refreshMs ?? 30_000;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.refresh()
          .catch((error: unknown) =>
            this.deps.logger.warn({ err: error }, "could not read the Asterisk accounts"),
          )
          .finally(() => !this.stopped && tick());
      }, every);
    };
    tick();
  }

  /** The connection of an account, while this process has it configured. */
  connection(providerAccountId: string): AccountConnection | undefined {
    return this.connections.get(providerAccountId);
  }

  /** Reads the accounts; starts new ones, restarts changed ones, stops removed ones. */
  async refresh(): Promise<void> {
    const rows = await this.deps.db.providerAccount.findMany({
      where: { kind: "ASTERISK", ...(this.deps.tenantIds ? { tenantId: { in: this.deps.tenantIds } } : {}) },
      select: ASTERISK_ACCOUNT_SELECT,
    });
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const version = `${row.updatedAt.getTime()}:${row.credentialsKeyId}`;
      const existing = this.connections.get(row.id);
      if (existing?.version === version) continue;
      await existing?.stop();
      const account = openAsteriskAccount(row);
      if (!account) {
        this.deps.logger.warn(
          { providerAccountId: row.id },
          "an Asterisk account without usable credentials",
        );
        continue;
      }
      const connection = new AccountConnection(account, version, this.deps);
      this.connections.set(row.id, connection);
      connection.start();
    }
    for (const [id, connection] of this.connections)
      if (!seen.has(id)) {
        this.connections.delete(id);
        await connection.stop();
      }
  }

  /** As a process that dies: sockets cut, timers stopped, leases left to expire (tests of a takeover). */
  halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const connection of this.connections.values()) connection.halt();
    this.connections.clear();
  }

  /** Lets go of every connection (and lease): another process takes them over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.connections.values()].map((c) => c.stop()));
    this.connections.clear();
  }
}

/** One account's connection in this process: waits for the lease, then connects and keeps connected. */
export class AccountConnection {
  private readonly lease: ConnectionLease;
  private client: Client | null = null;
  /** Closes the REST connections of the current client. */
  private closeRest: (() => Promise<void>) | null = null;
  application: AriApplication | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private attempt = 0;
  private retryAt = 0;
  private state: AsteriskConnectionState["state"] | null = null;
  private connecting: Promise<void> | null = null;

  constructor(
    readonly account: AsteriskAccount,
    readonly version: string,
    private readonly deps: AsteriskConnectionsDeps,
  ) {
    this.lease = new ConnectionLease(
      deps.redis,
      ConnectionLease.keyOf(account.id),
      deps.owner,
      deps.leaseMs ?? 5000,
    );
  }

  /** True while this process holds the lease and is connected. */
  get connected(): boolean {
    return this.state === "connected" && !!this.client;
  }

  start(): void {
    void this.tick();
  }

  /** Every third of the lease: renew it (or notice it is lost), or try to take it. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.application) {
        if (!(await this.lease.renew())) this.disconnect("another runtime process holds this connection now");
      } else if (!this.connecting && Date.now() >= this.retryAt && (await this.lease.acquire())) {
        this.connecting = this.connect().finally(() => (this.connecting = null));
      }
    } catch (error) {
      this.deps.logger.warn(
        { err: error, providerAccountId: this.account.id },
        "the Asterisk lease check failed",
      );
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.lease.ttlMs / 3);
  }

  private async connect(): Promise<void> {
    const { account, deps } = this;
    let client: Client;
    let base: string;
    try {
      base = await this.checkedBase();
      // The user and password first, as "Test connection" does: ari-client reports a refusal only as text.
      const probe = await ariHttp(account, {
        method: "GET",
        path: "/asterisk/info",
        allowNetworks: deps.allowNetworks,
      });
      if (probe.status === 401) throw new AriRefusedError("Asterisk refused the ARI user name or password.");
      if (probe.status < 200 || probe.status > 299)
        throw new Error(`Asterisk answered ${probe.status} to ARI; trying again.`);
      client = await withTimeout(ari.connect(base, account.username, account.password), 10_000);
    } catch (error) {
      const refused = refusal(error);
      await this.setState(refused ? "refused" : "reconnecting", refused ?? couldNotConnect(error));
      return this.retryLater();
    }
    const rest = ariRest({
      base,
      username: account.username,
      password: account.password,
      app: account.applicationName,
    });
    this.closeRest = rest.close;
    const application = deps.application(account, rest);
    dispatchEvents(client, (event) => application.dispatch(event));
    client.on("WebSocketReconnecting", () => void this.setState("reconnecting", "the connection dropped"));
    client.on("WebSocketConnected", () => {
      if (this.client !== client) return;
      // On every (re)connect: Asterisk forgets an application's filter with the application.
      void rest
        .filterEvents(HANDLED_ARI_EVENTS)
        .catch((error: unknown) =>
          deps.logger.warn(
            { err: error, providerAccountId: account.id },
            "Asterisk did not take the event filter; events the adapter does not handle are dropped here",
          ),
        );
      void this.setState("connected").then(() => this.takeOver());
    });
    client.on("WebSocketMaxRetries", () => {
      if (this.client !== client) return;
      this.disconnect("Asterisk stopped answering");
      void this.setState("reconnecting", "Asterisk stopped answering");
      this.retryLater();
    });
    try {
      this.client = client;
      this.application = application;
      await withTimeout(client.start(account.applicationName), 10_000);
    } catch (error) {
      this.disconnect(couldNotConnect(error));
      await this.setState("reconnecting", couldNotConnect(error));
      return this.retryLater();
    }
    this.attempt = 0;
  }

  /** Connected (first time or again): every caller still in the application continues. */
  private async takeOver(): Promise<void> {
    const application = this.application;
    if (!application) return;
    try {
      const continued = await application.takeOver();
      await this.setState("connected", undefined, application.size);
      if (continued)
        this.deps.logger.info({ providerAccountId: this.account.id, continued }, "continued Asterisk calls");
    } catch (error) {
      this.deps.logger.warn(
        { err: error, providerAccountId: this.account.id },
        "could not list Asterisk channels",
      );
    }
  }

  /** The address goes through the same guard as "Test connection"; http connects to the checked address. */
  private checkedBase(): Promise<string> {
    return checkedAriBase(this.account.ariBase, this.deps.allowNetworks, this.deps.resolve);
  }

  /** The next attempt waits, doubling each time; the lease is kept meanwhile, so only this process tries. */
  private retryLater(): void {
    const { first, max } = this.deps.retryMs ?? { first: 1000, max: 30_000 };
    this.retryAt = Date.now() + Math.min(max, first * 2 ** this.attempt++);
  }

  private disconnect(reason: string): void {
    const client = this.client;
    this.client = null;
    void this.closeRest?.().catch(() => undefined);
    this.closeRest = null;
    this.application?.release();
    this.application = null;
    this.state = null;
    if (client) {
      (client as unknown as NodeJS.EventEmitter).removeAllListeners();
      try {
        client.stop();
      } catch {
        // Never opened its socket.
      }
    }
    this.deps.logger.info({ providerAccountId: this.account.id, reason }, "left an Asterisk connection");
  }

  private async setState(
    state: AsteriskConnectionState["state"],
    reason?: string,
    channels?: number,
  ): Promise<void> {
    const since = state === this.state && this.since ? this.since : new Date().toISOString();
    this.state = state;
    this.since = since;
    const value: AsteriskConnectionState = {
      state,
      since,
      owner: this.deps.owner,
      ...(reason ? { reason } : {}),
      ...(channels !== undefined ? { channels } : {}),
    };
    await this.deps.redis
      .hset(asteriskConnectionKey(this.account.id), ASTERISK_CONNECTION_FIELD, JSON.stringify(value))
      .catch(() => undefined);
  }

  private since: string | null = null;

  /** The state as last written (tests and the process's own health). */
  current(): AsteriskConnectionState["state"] | null {
    return this.state;
  }

  halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.disconnect("halted");
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const held = !!this.application;
    this.disconnect("the runtime is stopping");
    if (held) await this.lease.release().catch(() => undefined);
  }
}

/**
 * An account's ARI address through the same guard as "Test connection" (what ari-client connects to); http
 * connects to the checked address. Shared with the REST-only clients of call control and queue delivery.
 */
export async function checkedAriBase(
  ariBase: string,
  allowNetworks: readonly string[],
  resolve?: ResolveHost,
): Promise<string> {
  const url = new URL(ariBase.replace(/\/ari$/, ""));
  const guard = new OutboundGuard({ allow: allowNetworks, ...(resolve ? { resolve } : {}) });
  const [first] = await guard.check(url);
  // https keeps the name its certificate is checked against.
  if (url.protocol === "http:" && first)
    url.hostname = first.family === 6 ? `[${first.address}]` : first.address;
  return url.toString().replace(/\/+$/, "");
}

/** Asterisk said no to these credentials: retrying the same cannot help until the account changes. */
class AriRefusedError extends Error {
  override name = "AriRefusedError";
}

function refusal(error: unknown): string | null {
  if (error instanceof AriRefusedError) return error.message;
  if (error instanceof OutboundRefusedError)
    return error.reason === "address"
      ? `Ringflow may not connect to this address: ${error.message}. If the PBX is on a private network, the Ringflow operator must allow it (PBX_ALLOW_NETWORKS).`
      : `Ringflow cannot reach this address: ${error.message}.`;
  const message = error instanceof Error ? error.message : String(error);
  if (/401|unauthori[sz]ed/i.test(message)) return "Asterisk refused the ARI user name or password.";
  return null;
}

function couldNotConnect(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  return `Could not connect to Asterisk${code ? ` (${code})` : ""}; trying again.`;
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(promise),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms))),
  ]).finally(() => clearTimeout(timer));
}
