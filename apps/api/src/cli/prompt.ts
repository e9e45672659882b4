import { createInterface } from "node:readline/promises";
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

export function createAsker(interactive: boolean): Asker {
  const rl = interactive
    ? createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    : null;
  return {
    async value(flag, given, question, options = {}) {
      if (given !== undefined && given !== "") return given;
      if (!rl) {
        if (options.default !== undefined) return options.default;
        throw new CliError(`Missing ${flag}. Pass it, or run the command in a terminal to be asked.`);
      }
      const suffix = options.default ? ` [${options.default}]` : "";
      const muted = options.secret ? muteEcho(rl) : () => {};
      try {
        const answer = (await rl.question(`${question}${suffix}: `)).trim();
        if (options.secret) process.stderr.write("\n");
        if (answer) return answer;
        if (options.default !== undefined) return options.default;
        throw new CliError(`${question} is required (or pass ${flag}).`);
      } finally {
        muted();
      }
    },
    close: () => rl?.close(),
  };
}

/** Hides what is typed for a secret; returns the function that shows echo again. */
function muteEcho(rl: ReturnType<typeof createInterface>): () => void {
  const output = rl as unknown as { _writeToOutput?: (s: string) => void };
  const original = output._writeToOutput;
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) {
      prompted = true;
      original?.call(rl, s);
    }
  };
  return () => {
    output._writeToOutput = original;
  };
}
