import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { prettyFactory } from "pino-pretty";
import { ROOT } from "./prisma-cli.ts";

// The services log JSON (for log shippers); a person running `npm start` reads one line per event.
const prettify = prettyFactory({
  colorize: false,
  singleLine: true,
  translateTime: "HH:MM:ss",
  ignore: "pid,hostname,name,reqId,req,res,responseTime",
  messageFormat:
    "{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} → {res.statusCode}{end}",
});

function readable(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    return prettify(JSON.parse(line) as object).trimEnd();
  } catch {
    return line;
  }
}

const TSX = path.join(ROOT, "node_modules/tsx/dist/esm/index.mjs");

/** Starts one of the apps as its own process, its lines prefixed with its name. */
export function startApp(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["--import", TSX, path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) process.stdout.write(`[${name}] ${readable(line)}\n`);
    });
  }
  return child;
}

export function stopChild(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url} did not come up: its process exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
