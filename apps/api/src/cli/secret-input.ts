import { CliError } from "./environment.ts";
import type { CommandContext } from "./run.ts";

let stdinTaken: string | null = null;

/** All of standard input, once per process (only one secret can come from it), without its final newline. */
async function readStdin(flag: string): Promise<string> {
  if (stdinTaken)
    throw new CliError(`Only one secret can come from standard input (${stdinTaken} already did).`);
  stdinTaken = flag;
  if (process.stdin.isTTY) throw new CliError(`${flag} reads standard input: pipe the value in.`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (!value) throw new CliError(`${flag} got nothing on standard input.`);
  return value;
}

export interface SecretSource {
  /** The flag carrying the value itself, e.g. --password (visible in `ps` and shell history: last resort). */
  flag: string;
  given: string | undefined;
  /** e.g. --password-stdin */
  stdinFlag: string;
  fromStdin: boolean | undefined;
  /** e.g. RINGFLOW_PASSWORD */
  envVar: string;
  question: string;
}

/** A password or token: from standard input, the flag, the environment variable, or a hidden prompt. */
export async function secretValue(ctx: Pick<CommandContext, "ask">, source: SecretSource): Promise<string> {
  if (source.fromStdin) return readStdin(source.stdinFlag);
  const value = source.given ?? process.env[source.envVar];
  if (value) return value;
  return ctx.ask.value(source.flag, undefined, source.question, { secret: true }).catch((error: unknown) => {
    if (error instanceof CliError && error.message.startsWith("Missing "))
      throw new CliError(
        `Missing ${source.flag}. Pipe it to ${source.stdinFlag}, set ${source.envVar}, or run the command in a terminal to be asked.`,
      );
    throw error;
  });
}

/** A new account's password, by --password-stdin, --password, RINGFLOW_PASSWORD or a prompt. */
export function passwordValue(
  ctx: Pick<CommandContext, "ask">,
  o: { password?: string | undefined; passwordStdin?: boolean | undefined },
) {
  return secretValue(ctx, {
    flag: "--password",
    given: o.password,
    stdinFlag: "--password-stdin",
    fromStdin: o.passwordStdin,
    envVar: "RINGFLOW_PASSWORD",
    question: "Password (10+ characters)",
  });
}
