import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";

// Catalog types the schema engine reads during introspection but adapter-pg cannot map:
// `"char"` (18), `name` (19) and their arrays. The engine wants `"char"` as a Character column.
const CHAR = 18;
const CHAR_ARRAY = 1002;
const CATALOG_AS_TEXT: Record<number, number> = { [CHAR]: 25, 19: 25, [CHAR_ARRAY]: 1009, 1003: 1009 };
const parseTextArray = (
  pg.types.getTypeParser as (oid: number, format: "text") => (value: string) => string[]
)(1009, "text");

type PgResult = { fields: { dataTypeID: number }[]; rows: unknown[][] };
type Queryable = {
  performIO(query: SqlQuery): Promise<PgResult>;
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
};

/** Lets adapter-pg map the catalog types as text, then restores what the engine expects of them. */
function mapCatalogTypes(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const proto = Object.getPrototypeOf(adapter) as Queryable;
  adapter.queryRaw = async (query) => {
    let originalTypes: number[] = [];
    const performIO = async (q: SqlQuery) => {
      const result = await proto.performIO.call(adapter, q);
      originalTypes = result.fields.map((field) => field.dataTypeID);
      result.fields.forEach((field, column) => {
        const asText = CATALOG_AS_TEXT[field.dataTypeID];
        if (asText === undefined) return;
        field.dataTypeID = asText;
        if (asText !== 1009) return;
        for (const row of result.rows)
          if (typeof row[column] === "string") row[column] = parseTextArray(row[column]);
      });
      return result;
    };
    const result = await proto.queryRaw.call(
      Object.create(adapter, { performIO: { value: performIO } }),
      query,
    );
    result.columnTypes = result.columnTypes.map((type, column) =>
      originalTypes[column] === CHAR
        ? ColumnTypeEnum.Character
        : originalTypes[column] === CHAR_ARRAY
          ? ColumnTypeEnum.CharacterArray
          : type,
    );
    return result;
  };
  return adapter;
}

/**
 * adapter-pg's executeScript splits the script on every `;`, which breaks `$$` function bodies and
 * string literals. A script sent whole goes through Postgres' simple-query protocol, which runs
 * multi-statement text natively, exactly as the native engine does.
 */
function runScriptsWhole(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  // onError turns a pg error into the DriverAdapterError the engine reports (code, message, detail).
  const { onError } = adapter as unknown as { onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    await pool.query(script).catch((error: unknown) => onError.call(adapter, error));
  };
  return adapter;
}

const shadowPools = new Set<pg.Pool>();

async function connect(url: string, pools?: Set<pg.Pool>): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection closed by the server (a shadow database being dropped) is not an error here.
  pool.on("error", () => {});
  pools?.add(pool);
  return runScriptsWhole(mapCatalogTypes(await new PrismaPg(pool).connect()), pool);
}

export function defaultShadowUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(`${decodeURIComponent(parsed.pathname.slice(1)) || "postgres"}_prisma_shadow`)}`;
  return parsed.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error;
    const maintenance = new URL(url);
    const database = decodeURIComponent(maintenance.pathname.slice(1));
    maintenance.pathname = "/postgres";
    const creator = new pg.Client({ connectionString: maintenance.toString() });
    await creator.connect();
    await creator.query(`create database ${pg.escapeIdentifier(database)}`).finally(() => creator.end());
    return;
  }
  await admin.end();
}

/**
 * The WASM engine only migrates into an external shadow database, which it expects empty: wipe it
 * first, so that what a previous (failed) run left there never leaks into this one.
 */
async function freshShadowDatabase(shadowUrl: string): Promise<string> {
  await Promise.all([...shadowPools].map((pool) => pool.end().catch(() => {})));
  shadowPools.clear();
  await ensureDatabase(shadowUrl);
  const admin = new pg.Client({ connectionString: shadowUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ nspname: string }>(
      `select nspname::text from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema'`,
    );
    const drops = rows.map((row) => `drop schema ${pg.escapeIdentifier(row.nspname)} cascade;`).join("\n");
    await admin.query(`${drops}\ncreate schema if not exists public;`);
    return shadowUrl;
  } finally {
    await admin.end();
  }
}

/** The migration-aware adapter factory the WASM schema engine drives, wrapped the way Prisma expects. */
export function createAdapterFactory(datasource: { url: string; shadowDatabaseUrl?: string | undefined }) {
  const factory = new PrismaPg(datasource.url);
  factory.connect = () => connect(datasource.url) as ReturnType<PrismaPg["connect"]>;
  factory.connectToShadowDb = async () =>
    connect(
      await freshShadowDatabase(datasource.shadowDatabaseUrl ?? defaultShadowUrl(datasource.url)),
      shadowPools,
    ) as ReturnType<PrismaPg["connectToShadowDb"]>;
  return bindMigrationAwareSqlAdapterFactory(factory);
}
