import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateKeySpec, parseKeyring } from "@ringflow/db";

/** RINGFLOW_SECRET_KEYS when set; else a key generated once into the data directory (mode 600). */
export function ensureSecretKeys(dataDir: string): string {
  const configured = process.env.RINGFLOW_SECRET_KEYS;
  if (configured) {
    parseKeyring(configured);
    return configured;
  }
  const file = path.join(dataDir, "secret-keys");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, generateKeySpec() + "\n", { mode: 0o600 });
  }
  const spec = readFileSync(file, "utf8").trim();
  parseKeyring(spec);
  return spec;
}
