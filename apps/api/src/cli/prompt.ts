import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { CliError } from "./environment.ts";

export interface Asker {
  /** The flag's value when given; else asks in a terminal; else fails naming the flag to pass. */
  value(
    flag: string,
    given: string | undefined,
    question: string,
    options?: { default?: string; secret?: boolean },
  ): Promise<string>;
  close(): void;
}

/** Prompts go to stderr (stdout stays for results); while `muted`, what is typed for a secret is not shown. */
class PromptOutput extends Writable {
  muted = false;
  readonly isTTY = true;
  get columns() {
    return process.stderr.columns ?? 80;
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    if (!this.muted) process.stderr.write(chunk);
    done();
  }
}

export function createAsker(interactive: boolean): Asker {
  const output = new PromptOutput();
  const rl = interactive ? createInterface({ input: process.stdin, output, terminal: true }) : null;
  return {
    async value(flag, given, question, options = {}) {
      if (given !== undefined && given !== "") return given;
      if (!rl) {
        if (options.default !== undefined) return options.default;
        throw new CliError(`Missing ${flag}. Pass it, or run the command in a terminal to be asked.`);
      }
      const asked = rl.question(`${question}${options.default ? ` [${options.default}]` : ""}: `);
      // The prompt is written synchronously by question(); only the typing after it is hidden.
      output.muted = Boolean(options.secret);
      try {
        const answer = (await asked).trim();
        if (answer) return answer;
        if (options.default !== undefined) return options.default;
        throw new CliError(`${question} is required (or pass ${flag}).`);
      } finally {
        if (output.muted) process.stderr.write("\n");
        output.muted = false;
      }
    },
    close: () => rl?.close(),
  };
}
