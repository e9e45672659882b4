// `npm run bench`: opens a generated 2,000-block flow in the built editor in Chromium (no API behind it),
// then drags a block, and prints the load time and the frame timings. Goal: interactive under 1.5 s, 60 fps.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { buildBuilder, freePort, hasChromium, launchChromium, CHROMIUM } from "../e2e/stack.ts";

const NODES = Number(process.env.BENCH_NODES ?? 2000);
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

if (!hasChromium()) {
  console.log(`builder bench skipped: no Chromium at ${CHROMIUM}`);
  process.exit(0);
}

const dist = await buildBuilder();
const port = await freePort();
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://x");
  let file = path.join(dist.dir, decodeURIComponent(url.pathname));
  if (!file.startsWith(dist.dir) || !existsSync(file) || statSync(file).isDirectory())
    file = path.join(dist.dir, "index.html");
  response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(response);
});
await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
const browser = await launchChromium();

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const loads: number[] = [];
  for (let run = 0; run < 5; run++) {
    await page.goto(`http://127.0.0.1:${port}/?bench=${NODES}`);
    await page.waitForFunction(() => window.__ringflowReady !== undefined, null, { timeout: 60_000 });
    loads.push(await page.evaluate(() => window.__ringflowReady!));
  }
  const blocks = await page.locator(".react-flow__node").count();
  const total = await page.evaluate(() => document.querySelector(".editor-title")?.textContent ?? "");

  // Drag a menu block by its title for about two seconds.
  const target = page.locator(`.react-flow__node[data-id="m0"] .step-title`);
  const box = (await target.boundingBox())!;
  // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
  await page.evaluate(`
    window.__frames = [];
    window.__recording = true;
    const tick = (t) => { window.__frames.push(t); if (window.__recording) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  `);
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) {
    await page.mouse.move(start.x + Math.sin(i / 10) * 200, start.y + i * 2);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const frames = (await page.evaluate("window.__recording = false; window.__frames")) as number[];
  const deltas = frames
    .slice(1)
    .map((t, i) => t - frames[i]!)
    .sort((a, b) => a - b);
  const median = quantile(deltas, 0.5);
  const p95 = quantile(deltas, 0.95);
  const seconds = (frames.at(-1)! - frames[0]!) / 1000;
  const moved = await target.boundingBox();
  console.log(`builder bench: ${total.trim()} (${blocks} nodes rendered in view)`);
  console.log(
    `  load to interactive: ${loads.map((l) => `${Math.round(l)} ms`).join(", ")} (goal < 1500 ms)`,
  );
  console.log(
    `  drag: ${deltas.length} frames, median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ${(deltas.length / seconds).toFixed(1)} fps (goal 60); node moved ${Math.round((moved?.y ?? 0) - box.y)} px`,
  );
} finally {
  await browser.close();
  server.close();
  dist.remove();
}
