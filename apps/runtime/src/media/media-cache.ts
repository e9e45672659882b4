import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { LRUCache } from "lru-cache";
import { keyring } from "@ringflow/db";

const KEY = /^[0-9a-f]{64}$/;

/**
 * The secret media names are made with: derived from the deployment's active key (every runtime process
 * names the same audio alike), or a random one for this process when no keys are set (a developer's machine).
 */
export function mediaSecret(spec = process.env.RINGFLOW_SECRET_KEYS): Buffer {
  if (!spec) return randomBytes(32);
  const ring = keyring(spec);
  return createHmac("sha256", ring.keys.get(ring.activeKeyId)!).update("ringflow media v1").digest();
}

/**
 * Audio files on disk, named by an HMAC of what they were made from: the same request finds the same file,
 * and a name cannot be guessed from a text without the secret. Each file is made once at a time (callers
 * asking for one being made wait for it) and appears whole (written aside, then renamed).
 */
export class MediaCache {
  private readonly making = new Map<string, Promise<void>>();
  /** Names made lately, by what they were made from: a menu said again costs no HMAC. */
  private readonly names = new LRUCache<string, string>({ max: 10_000 });

  constructor(
    readonly dir: string,
    private readonly secret: Buffer,
  ) {}

  keyOf(parts: readonly unknown[]): string {
    const made = JSON.stringify(parts);
    let key = this.names.get(made);
    if (key === undefined) {
      key = createHmac("sha256", this.secret).update(made).digest("hex");
      this.names.set(made, key);
    }
    return key;
  }

  static isKey(name: string): boolean {
    return KEY.test(name);
  }

  file(key: string): string {
    if (!MediaCache.isKey(key)) throw new Error("not a media key");
    return path.join(this.dir, `${key}.wav`);
  }

  /** Whether the file is there (and younger than maxAgeMs, when given). */
  async has(key: string, maxAgeMs?: number): Promise<boolean> {
    const facts = await stat(this.file(key)).catch(() => null);
    return !!facts && (maxAgeMs === undefined || Date.now() - facts.mtimeMs < maxAgeMs);
  }

  /** Makes the file unless it is there; `make` writes it at the path it is given. */
  async ensure(key: string, make: (outFile: string) => Promise<void>, maxAgeMs?: number): Promise<void> {
    const pending = this.making.get(key);
    if (pending) return pending;
    // Registered before the first await, so a second caller in the same moment waits for this one.
    const job = (async () => {
      if (!(await this.has(key, maxAgeMs))) await this.make(key, make);
    })().finally(() => this.making.delete(key));
    this.making.set(key, job);
    return job;
  }

  /**
   * Removes files neither made nor served for maxAgeMs (and scratch files left by a crash), so unique texts
   * cannot fill the disk; a removed file is made again from its recipe when asked for. Returns how many went.
   */
  async prune(maxAgeMs: number, now = Date.now()): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const key = name.endsWith(".wav") ? name.slice(0, -4) : "";
      const scratch = name.startsWith(".");
      if (!MediaCache.isKey(key) && !scratch) continue;
      const facts = await stat(path.join(this.dir, name)).catch(() => null);
      const used = facts ? Math.max(facts.mtimeMs, facts.atimeMs) : now;
      if (now - used < maxAgeMs || (key && this.making.has(key))) continue;
      await rm(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** Marks a file as just used (its access time; its made time still says how fresh it is), so pruning keeps it. */
  async touch(key: string): Promise<void> {
    const facts = await stat(this.file(key)).catch(() => null);
    if (facts) await utimes(this.file(key), new Date(), facts.mtime).catch(() => undefined);
  }

  /** A scratch path beside the cache (same file system, so the rename is atomic). */
  scratch(extension: string): string {
    return path.join(this.dir, `.${randomUUID()}.${extension}`);
  }

  private async make(key: string, make: (outFile: string) => Promise<void>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const aside = this.scratch("wav");
    try {
      await make(aside);
      await rename(aside, this.file(key));
    } finally {
      await rm(aside, { force: true });
    }
  }
}
