import { TRPCError } from "@trpc/server";
import type { Command } from "commander";
import { UndefinedFilterError, type Db } from "@ringflow/db";
import type { ApiConfig } from "../config.ts";
import { ErrorDetailsCause } from "../errors.ts";
import { CliError, cliEnvironment } from "./environment.ts";
import { createAsker, type Asker } from "./prompt.ts";

export interface CommandContext {
  db: Db;
  config: ApiConfig;
  ask: Asker;
  /** Prints the human line, or the result as JSON with --json. */
  print(result: unknown, text: string): void;
}

/** Runs a command's action with the database open; errors become one line that says what to do, exit 1. */
export function action<A extends unknown[]>(run: (ctx: CommandContext, ...args: A) => Promise<void>) {
  return async (...args: A) => {
    const command = args.at(-1) as Command;
    const globals = command.optsWithGlobals<{ json?: boolean; yes?: boolean }>();
    const interactive = Boolean(process.stdin.isTTY) && !globals.yes && !globals.json;
    const ask = createAsker(interactive);
    let db: Db | undefined;
    try {
      const environment = cliEnvironment();
      db = environment.db;
      await run(
        {
          db,
          config: environment.config,
          ask,
          print: (result, text) => console.log(globals.json ? JSON.stringify(result, null, 2) : text),
        },
        ...args,
      );
    } catch (error) {
      process.exitCode = 1;
      if (globals.json)
        console.error(JSON.stringify({ error: { message: describe(error), ...codeOf(error) } }));
      else console.error(`ringflow: ${describe(error)}`);
    } finally {
      ask.close();
      await db?.$disconnect();
    }
  };
}

/** The API's error code (NOT_FOUND, CONFLICT, …) when the error came from a service. */
function codeOf(error: unknown): { code?: string } {
  return error instanceof TRPCError ? { code: error.code } : {};
}

function describe(error: unknown): string {
  if (error instanceof CliError || error instanceof UndefinedFilterError) return error.message;
  if (error instanceof TRPCError) {
    const problems = error.cause instanceof ErrorDetailsCause ? (error.cause.details.problems ?? []) : [];
    return [
      error.message,
      ...problems.map((p) => `  - ${p.nodeId ? `node "${p.nodeId}": ` : ""}${p.message}`),
    ].join("\n");
  }
  const code = (error as { code?: string }).code;
  if (code === "P2021")
    return "The database has no Ringflow tables yet: apply the migrations with `npm run db:deploy` (same DATABASE_URL).";
  if (code === "ECONNREFUSED" || /Can't reach database|ECONNREFUSED/.test(String((error as Error).message)))
    return "Cannot reach the database. Set DATABASE_URL (see README), or start Ringflow once with `npm start`.";
  return (error as Error).message ?? String(error);
}
