import path from "node:path";
import { defineConfig } from "prisma/config";

// The schema engine is the WASM build shipped on npm, run through a small JSON-RPC shim, so `migrate`
// works with no engine download (air-gapped sites, CI). See packages/db/schema-engine/README.md.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(
  import.meta.dirname,
  "packages/db/schema-engine/bin/schema-engine",
);

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ringflow";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: {
    url: databaseUrl,
    // The WASM engine migrates only into an external shadow database; the shim creates and wipes it.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL ?? `${databaseUrl}_prisma_shadow`,
  },
});
