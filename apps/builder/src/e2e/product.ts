import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ARTIFACTS, buildBuilder, freePort, launchChromium, startApiAndRuntime, startApp } from "./stack.ts";

/**
 * The product as `npm start` runs it (built builder served by the API, the runtime, the demo workspace seeded)
 * and a browser, for browser tests that do not need a fresh sign-up.
 */
export interface Product {
  base: string;
  runtimeBase: string;
  env: NodeJS.ProcessEnv;
  browser: Browser;
  /** A signed-in tab of the demo workspace at this size (`ignoreHTTPSErrors`: trust a test's own certificates). */
  demoPage(
    viewport: { width: number; height: number },
    options?: { ignoreHTTPSErrors?: boolean },
  ): Promise<Page>;
  close(): Promise<void>;
}

export const DEMO_LOGIN = { email: "admin@demo.ringflow.test", password: "ringflow-demo" };

export async function startProduct(extraEnv: NodeJS.ProcessEnv = {}): Promise<Product> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const dist = await buildBuilder();
    cleanups.push(dist.remove);
    const [apiPort, runtimePort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${apiPort}`;
    const runtimeBase = `http://127.0.0.1:${runtimePort}`;
    const env: NodeJS.ProcessEnv = {
      HOST: "127.0.0.1",
      API_PORT: String(apiPort),
      RUNTIME_PORT: String(runtimePort),
      PUBLIC_URL: base,
      BUILDER_DIST: dist.dir,
      RUNTIME_WORKERS: "true",
      RINGFLOW_SECRET_KEYS:
        process.env.RINGFLOW_SECRET_KEYS ?? `e2e:${Buffer.alloc(32, 7).toString("base64")}`,
      ...extraEnv,
    };
    const seed = startApp("prisma/seed.ts", env);
    await new Promise((resolve) => seed.child.once("exit", resolve));
    if (seed.child.exitCode !== 0) throw new Error(`seed failed:\n${seed.output()}`);
    cleanups.push(await startApiAndRuntime(env));
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const contexts: BrowserContext[] = [];
    return {
      base,
      runtimeBase,
      env,
      browser,
      async demoPage(viewport, options = {}) {
        const context = await browser.newContext({ viewport, ...options });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        page.on("pageerror", (error) => console.error(`[browser] ${error.stack ?? error.message}`));
        await page.goto(base);
        await page.getByLabel("Email").fill(DEMO_LOGIN.email);
        await page.getByLabel("Password").fill(DEMO_LOGIN.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("navigation", { name: "Sections" }).waitFor();
        return page;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A tRPC mutation as the builder sends it: a POST from the builder's own origin, with this tab's session. */
export async function mutate<T>(page: Page, base: string, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${base}/trpc/${procedure}`, {
    data: input,
    headers: { origin: base },
  });
  if (!response.ok()) throw new Error(`${procedure}: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** A tRPC query with this tab's session. */
export async function query<T>(page: Page, base: string, procedure: string, input: unknown): Promise<T> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await page.request.get(`${base}/trpc/${procedure}${search}`);
  if (!response.ok()) throw new Error(`${procedure}: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `readable-${name}.png`) });
