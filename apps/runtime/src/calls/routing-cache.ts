import pg from "pg";
import type { Logger } from "@ringflow/platform";

/** The channel the database triggers of numbers, bindings and live versions notify (migration routing_notify). */
export const ROUTING_CHANNEL = "ringflow_routing";
const MAX_ENTRIES = 20_000;
const RECONNECT_MS = 1000;

/**
 * What a call start looks up in Postgres (number -> binding -> version -> subflows), kept in memory and
 * dropped per tenant the moment Postgres says that tenant's routing changed (LISTEN/NOTIFY from triggers, so
 * the API, the CLI and a seed all invalidate alike). While the listening connection is down, nothing is
 * served from memory: a stale answer is never possible, only a slower one.
 */
export class RoutingCache {
  private readonly entries = new Map<string, { generation: number; value: unknown }>();
  private readonly generations = new Map<string, number>();
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string | null,
    private readonly logger?: Pick<Logger, "warn">,
  ) {}

  /** Starts listening; resolves once the first connection is up (or has failed, and retries in the background). */
  async start(): Promise<void> {
    if (!this.databaseUrl) return;
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed || !this.databaseUrl) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = null;
      this.entries.clear();
      void client.end().catch(() => {});
      this.retry();
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (message) => {
      if (message.channel === ROUTING_CHANNEL && message.payload) this.invalidate(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ROUTING_CHANNEL}`);
      this.client = client;
      this.entries.clear();
      this.listening = true;
    } catch (error) {
      this.logger?.warn(
        { err: error },
        "routing cache: cannot listen for changes; call starts read Postgres",
      );
      void client.end().catch(() => {});
      this.retry();
    }
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, RECONNECT_MS);
    this.timer.unref();
  }

  /** Every cached answer of the tenant is dropped; reads that started before the change are not kept. */
  invalidate(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    for (const key of this.entries.keys()) if (key.startsWith(`${tenantId}|`)) this.entries.delete(key);
  }

  /** The cached value of `key` for the tenant, or `load`'s (cached when nothing changed while it ran). */
  async get<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    const id = `${tenantId}|${key}`;
    const generation = this.generations.get(tenantId) ?? 0;
    if (this.listening) {
      const hit = this.entries.get(id);
      if (hit && hit.generation === generation) return hit.value as T;
    }
    const value = await load();
    if (this.listening && (this.generations.get(tenantId) ?? 0) === generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, { generation, value });
    }
    return value;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.listening = false;
    await client?.end().catch(() => {});
  }
}
