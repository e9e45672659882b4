import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { readOutbox, type OutboxMail } from "@ringflow/api/mail-outbox";

export const BUILDER = path.resolve(import.meta.dirname, "../..");
export const ROOT = path.resolve(BUILDER, "../..");
export const ARTIFACTS = path.join(ROOT, "test-artifacts");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Tests reach loopback only: every other address goes to a proxy on a port nothing listens on (Chromium
      // never proxies loopback), names other than loopback's do not resolve, and WebRTC sends no UDP of its own.
      "--proxy-server=http://127.0.0.1:9",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    ],
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...options,
      env: { ...process.env, ...options.env },
      stdio: "inherit",
    });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/** Builds the builder into a directory of its own, so a concurrent `turbo build` of dist/ is not disturbed. */
export async function buildBuilder(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ringflow-builder-"));
  await run(
    process.execPath,
    [
      path.join(ROOT, "node_modules/vite/bin/vite.js"),
      "build",
      "--outDir",
      dir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    {
      cwd: BUILDER,
      // Vitest sets NODE_ENV=test; the product is a production build.
      env: { NODE_ENV: "production" },
    },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const TSX = path.join(ROOT, "node_modules/tsx/dist/esm/index.mjs");

/** One of the apps as its own process, the way `npm start` runs it; its output goes to the test log on failure. */
export function startApp(
  entry: string,
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", TSX, path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

export async function waitForHealth(
  url: string,
  app: { child: ChildProcess; output(): string },
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`${url} exited early:\n${app.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy:\n${app.output()}`);
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export const hasChromium = () => existsSync(CHROMIUM);

/** A directory for the API's MAIL_OUTBOX_DIR, and a way to wait for the mail an address is sent. */
export function createOutbox(): {
  dir: string;
  waitForMail(to: string): Promise<OutboxMail>;
  remove(): void;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ringflow-outbox-"));
  return {
    dir,
    async waitForMail(to) {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const mail = (await readOutbox(dir)).findLast((mail) => mail.to === to);
        if (mail) return mail;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no mail to ${to} in ${dir}`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The API and the runtime as `npm start` runs them, healthy; returns how to stop them. */
export async function startApiAndRuntime(env: NodeJS.ProcessEnv): Promise<() => Promise<void>> {
  const api = startApp("apps/api/src/main.ts", env);
  const runtime = startApp("apps/runtime/src/main.ts", env);
  const stopBoth = async () => {
    await stop(api.child);
    await stop(runtime.child);
  };
  try {
    await Promise.all([
      waitForHealth(`http://${env.HOST}:${env.API_PORT}/health`, api),
      waitForHealth(`http://${env.HOST}:${env.RUNTIME_PORT}/health`, runtime),
    ]);
  } catch (error) {
    await stopBoth();
    throw error;
  }
  return stopBoth;
}
