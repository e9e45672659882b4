import { execFile } from "node:child_process";

/**
 * Runs a program with its arguments (never through a shell), optionally writing `input` to its standard
 * input; rejects with the program's own complaint when it fails.
 */
export function runProgram(
  program: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${program} failed: ${String(stderr).trim() || error.message}`));
        else resolve(String(stdout));
      },
    );
    // A program that exits without reading its input (sox) closes the pipe: that is no error of ours.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input);
  });
}
