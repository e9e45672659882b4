import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkedKey, type ObjectStore } from "./object-store.ts";

/** Files under one directory (the embedded default: `<data dir>/recordings`). */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, ...checkedKey(key).split("/"));
  }

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written aside then renamed: a reader never sees half a file, a crash leaves no truncated object.
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, body, { mode: 0o600 });
    await rename(partial, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
