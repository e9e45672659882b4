import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  process: ChildProcess;
  port: number;
  pid: number;
}

/** A server in its own process (so it does not share the load generator's event loop), once it answers. */
export async function startServer(
  script: string,
  env: Record<string, string>,
  probe: string,
): Promise<Server> {
  const port = await freePort();
  const proc = fork(path.join(import.meta.dirname, script), [], {
    env: { ...process.env, ...env, PORT: String(port), RUNTIME_PORT: String(port) },
    // BENCH_PROFILE=<dir> writes a CPU profile of each server process there.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}${probe}`).then(
      () => true,
      () => false,
    );
    if (up) return { process: proc, port, pid: proc.pid as number };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  proc.kill();
  throw new Error(`${script} did not start`);
}

/** Resident memory of a process in bytes (VmRSS of /proc/<pid>/status); NaN when unreadable. */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The child processes of a process (the runtime forks its job workers). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The highest RSS of a process, read every 100 ms until stopped. */
export function watchPeakRss(pid: number) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}
