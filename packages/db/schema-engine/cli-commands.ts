// The native engine's one-shot `cli <command>` mode, which Prisma's CLI runs before migrating:
// it checks the database exists and offers to create it.
import pg from "pg";

type Logger = (entry: { level: "INFO" | "ERROR"; target?: string; fields: Record<string, unknown> }) => void;

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = "/postgres";
  return parsed.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Maps a connection failure to the error codes the Prisma CLI knows how to explain. */
function describe(error: unknown, url: string): { error_code: string; message: string } {
  const e = error as { code?: string; message?: string };
  const location = new URL(url);
  if (e.code === "3D000")
    return {
      error_code: "P1003",
      message: `Database \`${databaseName(url)}\` does not exist on the database server at \`${location.host}\`.`,
    };
  if (e.code === "28P01" || e.code === "28000")
    return {
      error_code: "P1000",
      message: `Authentication failed against database server at \`${location.host}\`.`,
    };
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.code === "ETIMEDOUT")
    return { error_code: "P1001", message: `Can't reach database server at \`${location.host}\`.` };
  return { error_code: "P1000", message: e.message ?? String(error) };
}

export async function runCliCommand(command: string, url: string, log: Logger): Promise<number> {
  // The CLI skips the first line of stderr before it parses the JSON log lines.
  process.stderr.write("schema-engine-wasm cli\n");
  try {
    switch (command) {
      case "can-connect-to-database":
        await withClient(url, async (client) => void (await client.query("select 1")));
        return 0;
      case "create-database":
        await withClient(maintenanceUrl(url), (client) =>
          client.query(`create database ${pg.escapeIdentifier(databaseName(url))}`),
        );
        log({
          level: "INFO",
          fields: { message: `Database '${databaseName(url)}' was successfully created.` },
        });
        return 0;
      case "drop-database":
        await withClient(maintenanceUrl(url), (client) =>
          client.query(`drop database if exists ${pg.escapeIdentifier(databaseName(url))} with (force)`),
        );
        return 0;
      default:
        log({
          level: "ERROR",
          target: "schema_engine::logger",
          fields: { error_code: "P1000", message: `Unknown cli command ${command}` },
        });
        return 1;
    }
  } catch (error) {
    log({ level: "ERROR", target: "schema_engine::logger", fields: describe(error, url) });
    return 1;
  }
}
