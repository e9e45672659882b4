// `npm start` as a newcomer runs it: embedded Postgres, migrations, the demo tenant, both services, the
// builder's start page, and a clean stop on Ctrl-C.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "ringflow-start-"));
const port = (offset: number) => 20_000 + (process.pid % 20_000) + offset;
const [apiPort, runtimePort, pgPort] = [port(0), port(1), port(2)];

/** Every product this file started: a failed assertion must not leave one running against the shared Redis. */
const started: { child: ReturnType<typeof spawn>; exited: Promise<number | null> }[] = [];

function startRingflow() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RINGFLOW_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    RUNTIME_PORT: String(runtimePort),
    EMBEDDED_PG_PORT: String(pgPort),
  };
  delete env.DATABASE_URL;
  delete env.RINGFLOW_SECRET_KEYS;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Ringflow is running")) resolve();
      else if (child.exitCode !== null) reject(new Error(`npm start exited early:\n${output}`));
      else return;
      clearInterval(timer);
    }, 100);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  started.push({ child, exited });
  return { child, ready, exited, output: () => output };
}

afterAll(async () => {
  const running = started.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  for (const { child } of running) child.kill("SIGINT");
  // A product that has not stopped within 10 s of its Ctrl-C is killed.
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([Promise.all(running.map(({ exited }) => exited)), timeout]);
  for (const { child } of running)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", { timeout: 180_000 }, () => {
  it("serves the builder and healthy services, seeds once, and stops cleanly", async () => {
    const first = startRingflow();
    await first.ready;
    expect(first.output()).toContain("Created the demo tenant");
    expect(first.output()).toContain(`http://127.0.0.1:${apiPort}/`);
    for (const url of [`http://127.0.0.1:${apiPort}/health`, `http://127.0.0.1:${runtimePort}/health`]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      // The runtime also lists its provider connections (none in a fresh demo workspace).
      const { providers, ...services } = (await response.json()) as { providers?: unknown };
      expect(services).toEqual({ status: "ok", database: "ok", redis: "ok" });
      if (url.endsWith(`${runtimePort}/health`)) expect(providers).toEqual([]);
    }
    const page = await fetch(`http://127.0.0.1:${apiPort}/`);
    expect(await page.text()).toContain("<title>Ringflow</title>");

    // Mail cannot be sent from here: the sign-up link is a file in the data directory's outbox.
    expect(first.output()).toMatch(/Mail: +written to .*outbox\//);
    const email = `start-${Date.now()}@test.ringflow`;
    const signUp = await fetch(`http://127.0.0.1:${apiPort}/trpc/auth.signUp`, {
      method: "POST",
      headers: { origin: `http://127.0.0.1:${apiPort}`, "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery", name: "S", workspaceName: "Start" }),
    });
    expect(signUp.status).toBe(200);
    const outbox = path.join(dataDir, "outbox");
    const mails = readdirSync(outbox).map((name) =>
      JSON.parse(readFileSync(path.join(outbox, name), "utf8")),
    );
    expect(mails).toEqual([expect.objectContaining({ to: email, subject: "Confirm your Ringflow account" })]);
    expect(mails[0].text).toContain(`http://127.0.0.1:${apiPort}/sign-up/confirm?token=`);
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${apiPort}/health`)).rejects.toThrow();

    // The second start keeps the data: no second demo tenant, same secret key.
    const second = startRingflow();
    await second.ready;
    expect(second.output()).toContain("The demo tenant is already there");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });
});
