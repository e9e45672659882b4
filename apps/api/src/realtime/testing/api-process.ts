import { fork, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One API process (main.ts, as deployed) on a loopback port, once /health answers; `env` adds to (or overrides)
 * this process's environment. Tests kill it with SIGKILL to see what survives a process that dies.
 */
export async function startApiProcess(
  env: Record<string, string>,
): Promise<{ process: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = fork(path.join(import.meta.dirname, "../../main.ts"), [], {
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      API_PORT: String(port),
      PUBLIC_URL: url,
      LOG_LEVEL: "warn",
      ...env,
    },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  // The monotonic clock: the machine's wall clock may be stepped while it starts.
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { process: child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the API process did not start");
}
