import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio } from "@ringflow/api/testing/fake-twilio";
import twilio from "twilio";
import { buildFlow } from "@ringflow/flow-schema/testing";
import {
  ARTIFACTS,
  buildBuilder,
  CHROMIUM,
  createOutbox,
  freePort,
  hasChromium,
  launchChromium,
  ROOT,
  startApiAndRuntime,
  startApp,
  stop,
  waitForHealth,
} from "./stack.ts";

// Provider accounts are unique across the deployment: each run gets its own made-up Twilio account.
const TWILIO_SID = `AC${randomBytes(16).toString("hex")}`;
const TWILIO_TOKEN = randomBytes(16).toString("hex");

const STUDIO_FIXTURE = path.join(ROOT, "packages/flow-schema/src/import/fixtures/ivr-dtmf-speech.json");

/**
 * The admin's journey in a real browser against the product as `npm start` serves it: the built builder
 * served by the real API, the real runtime for the test call, Postgres and Redis from `npm test`.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH; .ci/run installs Debian's chromium)`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set (run it through `npm test`, which creates a test database)"
    : null;
if (skipReason) console.warn(`builder e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("builder end to end", () => {
  let browser: Browser;
  let page: Page;
  let base = "";
  let runtimeBase = "";
  // The API writes its mail here: the sign-up link is read from it, as the admin reads their inbox.
  const outbox = createOutbox();
  const cleanups: (() => Promise<void> | void)[] = [];
  let stackEnv: NodeJS.ProcessEnv = {};
  let leaveWarnings = 0;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dist = await buildBuilder();
    cleanups.push(dist.remove, outbox.remove);
    // Twilio's REST API as documented, on this machine: the API tests connections and lists numbers there.
    const twilio = await startFakeTwilio({
      sid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      numbers: [
        {
          sid: `PN${randomBytes(16).toString("hex")}`,
          phoneNumber: "+14155550201",
          friendlyName: "Front desk",
        },
        {
          sid: `PN${randomBytes(16).toString("hex")}`,
          phoneNumber: "+14155550202",
          friendlyName: "Support line",
        },
      ],
    });
    cleanups.push(() => twilio.close());
    const [apiPort, runtimePort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${apiPort}`;
    runtimeBase = `http://127.0.0.1:${runtimePort}`;
    const env = {
      HOST: "127.0.0.1",
      API_PORT: String(apiPort),
      RUNTIME_PORT: String(runtimePort),
      PUBLIC_URL: base,
      BUILDER_DIST: dist.dir,
      MAIL_OUTBOX_DIR: outbox.dir,
      TWILIO_API_BASE_URL: twilio.url,
      // The call-log worker writes what the Calls page shows.
      RUNTIME_WORKERS: "true",
      RINGFLOW_SECRET_KEYS:
        process.env.RINGFLOW_SECRET_KEYS ?? `e2e:${Buffer.alloc(32, 7).toString("base64")}`,
    };
    stackEnv = env;
    cleanups.push(await startApiAndRuntime(env));
    browser = await launchChromium();
    cleanups.push(() => browser.close());
    // The runtime listens on a free port, never 3001: the builder learns where from the API (system.config).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Leaving with a save on its way asks first (beforeunload); the admin leaves, the journal keeps the work.
    page.on("dialog", (dialog) => {
      if (dialog.type() === "beforeunload") {
        leaveWarnings += 1;
        void dialog.accept();
      }
    });
    page.on("pageerror", (error) => console.error(`[browser] ${error.stack ?? error.message}`));
    page.on("console", (message) => {
      // On purpose: the draft conflict below (409), the used sign-up link (404), Twilio refusing a token (400).
      if (message.type() === "error" && !/status of (400|404|409)/.test(message.text()))
        console.error(`[browser console] ${message.text()}`);
    });
  }, 240_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `builder-${name}.png`) });
  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const inspector = () => page.getByRole("complementary", { name: "Inspector" });

  async function centre(selector: string) {
    const box = await page.locator(selector).boundingBox();
    if (!box) throw new Error(`${selector} is not on screen`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Drags from a node's named output port to another node's input, as an admin does. */
  async function connect(source: string, port: string, target: string) {
    const from = await centre(
      `.react-flow__node[data-id="${source}"] .react-flow__handle[data-handleid="${port}"]`,
    );
    const to = await centre(`.react-flow__node[data-id="${target}"] .in-handle`);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator(`.react-flow__edge[data-id^="${source}.${port}"]`).count()).toBe(1);
  }

  /** HTML5 drag and drop from the palette, with the mouse, as an admin does. */
  async function drop(kind: string, x: number, y: number) {
    const from = await centre(`.palette-item[data-kind="${kind}"]`);
    const pane = await page.locator(".react-flow__pane").boundingBox();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y, { steps: 3 });
    await page.mouse.move(pane!.x + x, pane!.y + y, { steps: 8 });
    await page.mouse.up();
  }

  /** A new blank flow, opened in the editor. */
  async function newFlow(name: string) {
    await page.goto(base);
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Create and open" }).click();
    await node("start").waitFor();
  }

  /** The draft as the API has stored it (not as this tab shows it). */
  async function storedDraft() {
    const flowId = new URL(page.url()).pathname.split("/").at(-1)!;
    const response = await page.request.get(
      `${base}/trpc/flows.get?input=${encodeURIComponent(JSON.stringify({ flowId }))}`,
    );
    const body = (await response.json()) as {
      result: {
        data: { draft: { nodes: { id: string; label?: string; params: Record<string, unknown> }[] } };
      };
    };
    return body.result.data.draft;
  }

  const saveStatus = () => page.locator(".save-state").innerText();

  async function tidy() {
    await page.getByRole("button", { name: "Tidy up" }).click();
    await page.waitForTimeout(700);
  }

  async function publish(changelog: string, version: number) {
    await page.locator(".editor-actions").getByRole("button", { name: "Publish" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish" });
    await dialog.getByLabel("What changed?").fill(changelog);
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.getByText(`Version ${version} is live.`).isVisible()).toBe(true);
  }

  it("signs up, builds a menu, tests it with a call, publishes two versions and compares them", async () => {
    try {
      await journey();
    } catch (error) {
      await shot("failure");
      throw error;
    }
  }, 180_000);

  async function journey() {
    await page.goto(base);
    await page.getByRole("tab", { name: "Create an account" }).click();
    await page.getByLabel("Your name").fill("Dana Admin");
    const email = `dana+${Date.now()}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByLabel("Company or team name").fill("Acme Support");
    await shot("01-sign-up");
    await page.getByRole("button", { name: "Create account" }).click();

    // Nothing exists until the mailed link is opened: the admin is told where to look.
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    expect(await page.locator(".auth-card").innerText()).toContain(
      `We sent a link to ${email} to finish creating your account. The link works for 24 hours.`,
    );
    await shot("01b-check-email");
    const mail = await outbox.waitForMail(email);
    expect(mail.subject).toBe("Confirm your Ringflow account");
    const link = /\S+\/sign-up\/confirm\?token=[\w-]+/.exec(mail.text)?.[0];
    expect(link?.startsWith(`${base}/sign-up/confirm?token=`), mail.text).toBe(true);

    await page.goto(link!);
    await page.getByRole("heading", { name: "No call flows yet" }).waitFor();
    // The used link left the address bar and the history.
    expect(new URL(page.url()).pathname).toBe("/");

    // The link works once: opened again it says so, and offers the way in.
    await page.goto(link!);
    await page.getByRole("heading", { name: "This link has expired or was already used" }).waitFor();
    await shot("01c-link-used");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "No call flows yet" }).waitFor();
    await shot("02-flows-empty");
    await page.getByRole("button", { name: "Create your first flow" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Main line");
    await page.getByRole("button", { name: "Create and open" }).click();
    await node("start").waitFor();

    // A menu by drag and drop, connected to the start.
    await page.getByLabel("Search blocks").fill("menu");
    await drop("menu", 600, 150);
    await page.getByLabel("Search blocks").fill("");
    await node("menu").waitFor();
    await connect("start", "inbound", "menu");
    await tidy();

    // Three options: the template's two and a third one added in the inspector.
    await node("menu").click();
    await inspector().getByRole("button", { name: "+ Add option" }).click();
    const third = inspector().getByRole("group", { name: "option 3" });
    await third.getByLabel("Label", { exact: true }).fill("Billing");
    await inspector()
      .getByLabel("Text", { exact: true })
      .fill("For sales press 1. For support press 2. For billing press 3.");

    // A mistake the validator catches on the field and the node, then fixed.
    await third.getByLabel("Key", { exact: true }).fill("2");
    await expect.poll(() => inspector().getByText("Key 2 is used by two options.").isVisible()).toBe(true);
    await expect.poll(() => node("menu").locator(".badge-error").count()).toBe(1);
    await page.getByRole("button", { name: /errors? ·/ }).click();
    await shot("03-validation-error");
    await page.getByRole("button", { name: /errors? ·/ }).click();
    await third.getByLabel("Key", { exact: true }).fill("3");
    await expect.poll(() => inspector().getByText("Key 2 is used by two options.").count()).toBe(0);
    await expect.poll(() => node("menu").locator(".badge-error").count()).toBe(0);

    // One Say per option, each by drag and drop.
    const targets: [string, string, string][] = [
      ["sales", "say", "Connecting you to sales."],
      ["support", "say2", "You reached support. How can we help?"],
      ["option3", "say3", "Billing is open weekdays."],
    ];
    for (const [port, id, text] of targets) {
      await drop("say", 420, 600);
      await node(id).waitFor();
      await connect("menu", port, id);
      await inspector().getByLabel("Text", { exact: true }).fill(text);
      await tidy();
    }
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    await shot("04-menu-built");

    // The test call: the menu is the active node while it listens; pressing 2 reaches support.
    await page.getByRole("button", { name: "Test call", exact: true }).click();
    const call = page.getByRole("complementary", { name: "Test call" });
    const said = call.getByRole("list", { name: "Transcript" });
    await call.getByRole("button", { name: "Start test call" }).click();
    await expect.poll(() => said.getByText("For sales press 1.", { exact: false }).isVisible()).toBe(true);
    await call.getByRole("button", { name: "Key 2" }).waitFor();
    await expect.poll(() => node("menu").locator(".step.active").count()).toBe(1);
    await shot("05-test-call-listening");
    await call.getByRole("button", { name: "Key 2" }).click();
    await expect.poll(() => said.getByText("You reached support. How can we help?").isVisible()).toBe(true);
    await expect.poll(() => said.getByText("You pressed 2").isVisible()).toBe(true);
    const transcript = await said.innerText();
    expect(transcript).toContain("say2");
    expect(transcript).not.toContain("Connecting you to sales.");
    await shot("06-test-call-done");
    await page.getByRole("button", { name: "Test call", exact: true }).click();

    await publish("First version: sales, support and billing.", 1);
    await page.getByRole("button", { name: "History", exact: true }).click();
    const history = page.getByRole("complementary", { name: "Version history" });
    await history.locator('[data-version="1"]').waitFor();
    expect(await history.locator('[data-version="1"]').innerText()).toContain("First version");
    await shot("07-history-v1");
    await page.getByRole("button", { name: "History", exact: true }).click();

    // Change a prompt and publish again.
    await node("say2").click();
    await inspector().getByLabel("Text", { exact: true }).fill("Support here. Tell us what is wrong.");
    await expect
      .poll(() =>
        page
          .getByRole("status")
          .filter({ hasText: /^Saved / })
          .count(),
      )
      .toBeGreaterThan(0);
    await publish("Friendlier support greeting.", 2);

    // Diff 1 and 2: the changed node is highlighted and the field change listed.
    await page.getByRole("button", { name: "History", exact: true }).click();
    await history.locator('[data-version="2"]').waitFor();
    await history.getByRole("button", { name: "Show changes on the canvas" }).click();
    const changes = page.getByRole("complementary", { name: "Changes from version 1 to version 2" });
    await changes.waitFor();
    await expect.poll(() => node("say2").locator(".step.diff-changed").count()).toBe(1);
    expect(await node("menu").locator(".step.diff-changed").count()).toBe(0);
    const listed = await changes.innerText();
    expect(listed).toContain("Text › en-US");
    expect(listed).toContain("Support here. Tell us what is wrong.");
    await shot("08-diff-v1-v2");

    // A phone number answers with this flow.
    await page.getByRole("button", { name: "Back to editing" }).click();
    await page.getByRole("button", { name: "Numbers", exact: true }).click();
    const numbers = page.getByRole("complementary", { name: "Phone numbers" });
    await numbers.getByLabel("Add a number").fill("+14155550123");
    await numbers.getByRole("button", { name: "Add number" }).click();
    // Added from this flow's panel, it answers with this flow: no second step.
    await numbers.getByText("Answers with this flow.").waitFor();
    await shot("09-numbers");
    await page.getByRole("button", { name: "Numbers", exact: true }).click();

    // Export the draft as a file.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("main-line.ringflow.json");

    // Someone else saves the same draft in another tab: this tab is told, nothing is lost, and it can take theirs.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await other.locator('.react-flow__node[data-id="say3"]').click();
    await other
      .getByRole("complementary", { name: "Inspector" })
      .getByLabel("Text", { exact: true })
      .fill("Billing is open weekdays from 9 to 5.");
    await expect
      .poll(() =>
        other
          .getByRole("status")
          .filter({ hasText: /^Saved / })
          .count(),
      )
      .toBeGreaterThan(0);
    await other.close();
    await node("say").click();
    await inspector().getByLabel("Text", { exact: true }).fill("Connecting you to our sales team.");
    const conflict = page.getByRole("alert").filter({ hasText: "Someone else saved this flow" });
    await conflict.waitFor();
    await shot("10-conflict");
    await conflict.getByRole("button", { name: /Load their version/ }).click();
    await expect.poll(() => node("say3").innerText()).toContain("from 9 to 5");
    await expect.poll(() => node("say").innerText()).toContain("Connecting you to sales.");
    // Undo brings back what this tab had typed.
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 200 } });
    await page.keyboard.press("Control+z");
    await expect.poll(() => node("say").innerText()).toContain("our sales team");

    // Back to the list: the flow shows version 2 live.
    await page.getByRole("button", { name: "Back to flows" }).click();
    await page.getByText("Version 2 live").waitFor();
    await page.getByRole("cell", { name: "+14155550123" }).waitFor();
    await shot("11-flows-list");

    // Import a Twilio Studio export and see what could not be carried over.
    await page.locator('input[type="file"]').setInputFiles(STUDIO_FIXTURE);
    const report = page.getByRole("dialog", { name: "Import report" });
    await report.waitFor();
    await shot("12-studio-import-report");
    await report.getByRole("button", { name: "Open the flow" }).click();
    await page.locator(".react-flow__node").first().waitFor();
    await page.waitForTimeout(500);
    await shot("13-studio-import-canvas");

    // Readable on a laptop and on a large screen.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    await shot("14-laptop-1280x720");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    await shot("15-large-1920x1080");
  }

  it("connects a Twilio account, shows the provider's own error, and adds the account's numbers", async () => {
    await page.goto(`${base}/providers`);
    await page.getByRole("heading", { name: "Providers" }).waitFor();
    const form = page.getByRole("form", { name: "Connect a provider" });
    await form.getByLabel("Name").fill("Main Twilio");
    await form.getByLabel("Account SID").fill(TWILIO_SID);
    await form.getByLabel("Auth Token").fill("not-the-token");
    await form.getByRole("button", { name: "Connect" }).click();
    const card = page.locator("li.card").filter({ hasText: "Main Twilio" });

    // A wrong token: Twilio refuses it, the form says so plainly, and nothing is stored.
    await expect
      .poll(() => form.getByRole("alert").textContent())
      .toBe("Twilio refused these credentials: check the Account SID and the Auth Token.");
    expect(await card.count()).toBe(0);

    await form.getByLabel("Auth Token").fill(TWILIO_TOKEN);
    await form.getByRole("button", { name: "Connect" }).click();
    await card.waitFor();
    await card.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(() => card.getByRole("status").innerText()).toMatch(/^Connected/);

    await card.getByRole("button", { name: "Numbers on this account" }).click();
    await card.getByLabel("+14155550202").check();
    await card.getByRole("button", { name: "Add 1 number to the workspace" }).click();
    await expect.poll(() => card.getByText("already in this workspace").count()).toBe(1);
    await shot("16-providers");
  });

  /** Posts a webhook to the runtime exactly as Twilio does: form-encoded and signed with the account's token. */
  async function twilioWebhook(pathAndQuery: string, params: Record<string, string>): Promise<string> {
    const url = `${runtimeBase}${pathAndQuery}`;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params),
      },
      body: new URLSearchParams(params),
    });
    // TwiML for call webhooks; status callbacks are acknowledged with 204.
    expect([200, 204]).toContain(response.status);
    return response.text();
  }

  it("a real call on the bound number shows up in Calls, block by block", async () => {
    // Bind the account's number to the published flow.
    await page.goto(base);
    await page.getByRole("link", { name: "Main line" }).click();
    await page.locator(".editor-actions").getByRole("button", { name: "Numbers" }).click();
    const number = page.locator("li.card").filter({ hasText: "+14155550202" });
    await number.getByRole("button", { name: "Answer with this flow" }).click();
    await number.getByText("Answers with this flow.").waitFor();

    // Twilio calls the runtime; the caller presses 2.
    const call = {
      AccountSid: TWILIO_SID,
      CallSid: `CA${randomBytes(16).toString("hex")}`,
      From: "+15551230000",
      To: "+14155550202",
      CallStatus: "ringing",
      Direction: "inbound",
    };
    const greeting = await twilioWebhook("/twilio/voice", call);
    const action = /<Gather[^>]*action="([^"]+)"/.exec(greeting)?.[1]?.replaceAll("&amp;", "&");
    expect(action, greeting).toBeTruthy();
    const answer = await twilioWebhook(
      new URL(action!, runtimeBase).pathname + new URL(action!, runtimeBase).search,
      {
        ...call,
        CallStatus: "in-progress",
        Digits: "2",
      },
    );
    expect(answer).toContain("<Hangup/>");
    await twilioWebhook("/twilio/status", { ...call, CallStatus: "completed", CallDuration: "7" });

    await page.goto(`${base}/calls`);
    const row = page.getByRole("row").filter({ hasText: "+15551230000" });
    await row.waitFor({ timeout: 20_000 });
    // The first link is the call's; the second opens the flow version it ran.
    await row.getByRole("link").first().click();
    const timeline = page.getByRole("list", { name: "Call timeline" });
    // Each look is bounded, so a look at a page being replaced is retried instead of waiting for good.
    await expect
      .poll(() => timeline.innerText({ timeout: 2000 }).catch(() => ""), { timeout: 20_000 })
      .toContain("Caller pressed 2");
    // Blocks by name (or kind, for an unnamed one), never by id.
    expect(await timeline.innerText()).toContain("Reached the say block");
    expect(await timeline.innerText()).not.toContain("say2");
    await shot("17-call-log");
  });

  it("says which address the test call tried when the call service cannot be reached", async () => {
    // A second API whose runtime address answers nothing: what an admin sees when the runtime is down.
    const [apiPort, deadPort] = [await freePort(), await freePort()];
    const other = `http://127.0.0.1:${apiPort}`;
    const api = startApp("apps/api/src/main.ts", {
      ...stackEnv,
      API_PORT: String(apiPort),
      PUBLIC_URL: other,
      RUNTIME_PUBLIC_URL: `http://127.0.0.1:${deadPort}`,
    });
    try {
      await waitForHealth(`${other}/health`, api);
      await page.goto(other);
      await page.getByRole("link", { name: "Main line" }).click();
      await page.getByRole("button", { name: "Test call", exact: true }).click();
      const call = page.getByRole("complementary", { name: "Test call" });
      await call.getByRole("button", { name: "Start test call" }).click();
      const said = call.getByRole("list", { name: "Transcript" });
      await expect
        .poll(() => said.innerText())
        .toContain(`could not connect to Ringflow's call service at 127.0.0.1:${deadPort}`);
      expect(await said.innerText()).not.toMatch(/runtime/i);
      await shot("18-test-call-unreachable");
    } finally {
      await stop(api.child);
    }
  });

  it("keeps every change through a reload, saves the name on the canvas as it is typed, and says so truly", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await newFlow("Kept on reload");
    await drop("say", 520, 300);
    await node("say").waitFor();
    await connect("start", "inbound", "say");
    await inspector().getByLabel("Text", { exact: true }).fill("Typed just before the reload.");
    // Not stored yet, and the status does not pretend it is.
    expect(await saveStatus()).not.toMatch(/^(All changes saved|Saved)/);
    const warned = leaveWarnings;
    await page.reload();
    expect(leaveWarnings, "leaving with a save pending warns").toBe(warned + 1);
    await node("say").waitFor();
    await expect.poll(() => node("say").innerText()).toContain("Typed just before the reload.");
    expect(await page.locator('.react-flow__edge[data-id^="start.inbound"]').count()).toBe(1);
    // Leaving flushed it to the API (or the journal replayed it): either way the API has it, and says so.
    await expect.poll(saveStatus).toMatch(/^(All changes saved|Saved )/);
    expect(JSON.stringify((await storedDraft()).nodes)).toContain("Typed just before the reload.");

    // A save that never arrives (the network drops it): the local journal replays the work after a reload.
    await page.route("**/trpc/flows.saveDraft**", (route) => route.abort());
    await node("say").click();
    await inspector().getByLabel("Text", { exact: true }).fill("Kept by the journal.");
    await expect.poll(saveStatus).toMatch(/^Not saved/);
    await page.reload();
    await page.unroute("**/trpc/flows.saveDraft**");
    await node("say").waitFor();
    await expect.poll(() => node("say").innerText()).toContain("Kept by the journal.");
    await expect.poll(saveStatus).toMatch(/^Saved /);
    expect(JSON.stringify((await storedDraft()).nodes)).toContain("Kept by the journal.");

    // The name on the canvas is saved as it is typed, with the field still focused.
    await node("say").click();
    await inspector().getByLabel("Name on the canvas").fill("Greeting");
    await expect.poll(() => node("say").innerText()).toContain("Greeting");
    await expect
      .poll(async () => (await storedDraft()).nodes.find((n) => n.id === "say")?.label)
      .toBe("Greeting");
    await expect.poll(saveStatus).toMatch(/^Saved /);
    expect(
      await inspector()
        .getByLabel("Name on the canvas")
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);

    // A tab hidden with a change pending saves at once, not after the idle delay.
    await inspector().getByLabel("Text", { exact: true }).fill("Said when the tab was hidden.");
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await expect
      .poll(async () => JSON.stringify((await storedDraft()).nodes), { timeout: 700, interval: 50 })
      .toContain("Said when the tab was hidden.");
    await page.reload();
    await node("say").waitFor();
    expect(await node("say").innerText()).toContain("Said when the tab was hidden.");
    // Saved, so this flow's journal is empty.
    const journal = await page.evaluate(() =>
      localStorage.getItem(`ringflow.unsaved.${location.pathname.split("/").at(-1)}`),
    );
    expect(journal).toBeNull();
    await shot("19-kept-on-reload-1280x720");
  });

  it("keeps a menu option's connection through renaming, and draws a connection chosen in the list at once", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await newFlow("Menu connections");
    await drop("menu", 420, 200);
    await node("menu").waitFor();
    await drop("say", 760, 160);
    await node("say").waitFor();
    await drop("say", 760, 420);
    await node("say2").waitFor();
    const edge = (id: string) => page.locator(`.react-flow__edge[data-id="${id}"]`);

    await node("menu").click();
    const exit = (name: string) => inspector().getByRole("combobox", { name: new RegExp(`^${name}`) });
    await exit("Sales").selectOption("say");
    // Drawn at once, without a reload.
    await expect.poll(() => edge("menu.sales").count(), { timeout: 2000 }).toBe(1);

    // Port ids are internal: nothing to see or edit; renaming the label and the key keeps the connection.
    expect(await inspector().getByText("Port id").count()).toBe(0);
    const first = inspector().getByRole("group", { name: "option 1" });
    await first.getByLabel("Label", { exact: true }).fill("Sales team");
    await first.getByLabel("Key", { exact: true }).fill("5");
    await expect.poll(() => node("menu").innerText()).toContain("Sales team");
    expect(await edge("menu.sales").count()).toBe(1);
    expect(await exit("Sales team").inputValue()).toBe("say");

    // A new option's exit connects from the list and is drawn at once; its dot can then be dragged too.
    await inspector().getByRole("button", { name: "+ Add option" }).click();
    const third = inspector().getByRole("group", { name: "option 3" });
    await third.getByLabel("Label", { exact: true }).fill("Billing");
    await third.getByLabel("Key", { exact: true }).fill("3");
    await exit("Billing").selectOption("say2");
    await expect.poll(() => edge("menu.option3").count(), { timeout: 2000 }).toBe(1);
    await connect("menu", "support", "say2");
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    await shot("20-menu-connections-1280x720");
  });

  it("brings back a deleted block with its connections in one undo", async () => {
    // The "Menu connections" flow: say2 is reached from two of the menu's exits.
    const edges = () => page.locator('.react-flow__edge[data-id^="menu."]').count();
    expect(await edges()).toBe(3);
    await node("say2").click();
    await page.keyboard.press("Delete");
    await expect.poll(() => node("say2").count()).toBe(0);
    expect(await edges()).toBe(1);
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 200 } });
    await page.keyboard.press("Control+z");
    await node("say2").waitFor();
    await expect.poll(edges).toBe(3);
    await expect.poll(() => page.locator('.react-flow__edge[data-id="menu.option3"]').count()).toBe(1);
    await shot("21-undo-delete-1280x720");
  });

  it("a test call names its clock's time zone, takes the caller's state, and says how it ended in words", async () => {
    // The "Menu connections" flow, its start connected to the menu: key 5 reaches a Say whose exit leads nowhere.
    await tidy();
    await node("start").click();
    await inspector()
      .getByRole("combobox", { name: /^Inbound call/ })
      .selectOption("menu");
    await page.getByRole("button", { name: "Test call", exact: true }).click();
    const call = page.getByRole("complementary", { name: "Test call" });
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await call.getByText(`Date and time of the call, in ${zone}`).waitFor();
    expect(await call.innerText()).toContain(
      "Read in your computer's time zone (the flow has no business hours).",
    );
    await call.getByLabel("Caller's US state").selectOption("CA");
    expect(await call.getByLabel("Caller's US state").locator("option:checked").innerText()).toBe(
      "California (all must agree to recording)",
    );
    await call.getByRole("button", { name: "Start test call" }).click();
    await call.getByRole("button", { name: "Key 5" }).click();
    const said = call.getByRole("list", { name: "Transcript" });
    await expect
      .poll(() => said.innerText())
      .toContain("Call ended: the “Next” exit of the Say block leads nowhere, so the call hangs up.");
    expect(await said.innerText()).not.toContain("is not connected");
    await shot("22-test-call-ending-1280x720");
  });

  /** A tRPC mutation as the builder sends it: a POST from the builder's own origin, with this tab's session. */
  async function mutate<T>(procedure: string, input: unknown): Promise<T> {
    const response = await page.request.post(`${base}/trpc/${procedure}`, {
      data: input,
      headers: { origin: base },
    });
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as { result: { data: T } }).result.data;
  }

  it("compares two clean versions without made-up problems, draws moved connections, and a rollback shows the old version", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    // Version 1: Sales goes to its own Say; version 2 sends Sales to Support's Say and drops the Sales Say.
    const v1 = buildFlow({
      nodes: {
        start: ["start"],
        menu: ["menu"],
        a: ["say", { text: { "en-US": "Sales here." } }],
        b: ["say", { text: { "en-US": "Support here." } }],
        bye: ["hangup"],
      },
      edges: [
        ["start", "inbound", "menu"],
        ["menu", "sales", "a"],
        ["menu", "support", "b"],
        ["a", "next", "bye"],
        ["b", "next", "bye"],
      ],
    });
    // Side by side, so the diff's connections are easy to see in the screenshots.
    const at = { start: [0, 0], menu: [340, 0], a: [720, -160], b: [720, 160], bye: [1080, 0] } as const;
    v1.name = "Compare and roll back";
    for (const n of v1.nodes)
      n.position = { x: at[n.id as keyof typeof at][0], y: at[n.id as keyof typeof at][1] };
    const v2 = {
      ...v1,
      nodes: v1.nodes.filter((n) => n.id !== "a"),
      edges: v1.edges
        .filter((e) => e.source !== "a")
        .map((e) => (e.sourcePort === "sales" ? { ...e, target: "b" } : e)),
    };
    const { flow } = await mutate<{ flow: { id: string } }>("flows.import", {
      content: v1,
      name: "Compare and roll back",
    });
    await mutate("flows.publish", { flowId: flow.id, changelog: "Sales has its own greeting." });
    const { draftRevision } = (
      (await (
        await page.request.get(
          `${base}/trpc/flows.get?input=${encodeURIComponent(JSON.stringify({ flowId: flow.id }))}`,
        )
      ).json()) as { result: { data: { draftRevision: number } } }
    ).result.data;
    await mutate("flows.saveDraft", { flowId: flow.id, revision: draftRevision, document: v2 });
    await mutate("flows.publish", { flowId: flow.id, changelog: "Sales and support share a greeting." });

    await page.goto(`${base}/flows/${flow.id}`);
    await node("menu").waitFor();
    await page.getByRole("button", { name: "History", exact: true }).click();
    const history = page.getByRole("complementary", { name: "Version history" });
    await history.locator('[data-version="2"]').getByRole("button", { name: "What changed" }).click();
    await page.getByRole("complementary", { name: "Changes from version 1 to version 2" }).waitFor();
    // Both versions published cleanly: drawing them together must not invent a "connected twice".
    const problems = page.locator(".problems-button");
    expect(await problems.innerText()).toMatch(/^0 errors/);
    await problems.click();
    expect(await page.getByRole("region", { name: "Problems" }).innerText()).not.toContain("connected twice");
    await problems.click();
    // The moved connection is drawn twice: where it went (removed, dashed) and where it goes now (new).
    const removed = page.locator('.react-flow__edge[data-id="removed:menu.sales"] .edge-diff-removed');
    const added = page.locator('.react-flow__edge[data-id="menu.sales"] .edge-diff-added');
    await expect.poll(() => removed.count()).toBe(1);
    expect(await added.count()).toBe(1);
    expect(await page.locator('.react-flow__edge[data-id="removed:a.next"] .edge-diff-removed').count()).toBe(
      1,
    );
    expect(await page.locator(".react-flow__edge-textwrapper").allTextContents()).toEqual(
      expect.arrayContaining(["removed", "new"]),
    );
    await node("a").locator(".step.diff-removed").waitFor();
    const listed = await page
      .getByRole("complementary", { name: "Changes from version 1 to version 2" })
      .innerText();
    expect(listed).toContain("“Sales” no longer goes to Say (a)");
    expect(listed).not.toContain("name:");
    await shot("23-diff-moved-connection-1440x900");
    await page.setViewportSize({ width: 1280, height: 720 });
    await shot("23-diff-moved-connection-1280x720");
    await page.setViewportSize({ width: 1440, height: 900 });

    // Roll back to version 1: asked in the app (no browser confirm), then the canvas shows version 1.
    await page.getByRole("button", { name: "Back to editing" }).click();
    expect(await node("a").count()).toBe(0);
    // Back from the diff, the history is open again.
    await history
      .locator('[data-version="1"]')
      .getByRole("button", { name: "Roll back to this version" })
      .click();
    const ask = page.getByRole("alertdialog", { name: "Roll back to version 1?" });
    expect(await ask.innerText()).toContain("Ctrl+Z brings it back");
    await shot("24-rollback-question-1440x900");
    await ask.getByRole("button", { name: "Make version 1 live" }).click();
    await page.getByText("Version 1 is live again and shown here as the draft.").waitFor();
    await node("a").waitFor();
    await expect.poll(() => page.locator('.react-flow__edge[data-id="menu.sales"]').count()).toBe(1);
    await expect.poll(async () => (await storedDraft()).nodes.some((n) => n.id === "a")).toBe(true);
    await page.getByText("Version 1 live", { exact: true }).waitFor();
    // The draft the admin had is one undo away.
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 200 } });
    await page.keyboard.press("Control+z");
    await expect.poll(() => node("a").count()).toBe(0);
  });

  it("the demo binds its numbers offline through a demo carrier said as such; a number added in a flow's panel answers with it", async () => {
    // The demo workspace as `npm start` seeds it.
    const seed = startApp("prisma/seed.ts", stackEnv);
    await new Promise((resolve) => seed.child.once("exit", resolve));
    expect(seed.child.exitCode, seed.output()).toBe(0);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const demo = await context.newPage();
    demo.setDefaultTimeout(15_000);
    try {
      await demo.goto(base);
      await demo.getByLabel("Email").fill("admin@demo.ringflow.test");
      await demo.getByLabel("Password").fill("ringflow-demo");
      await demo.getByRole("button", { name: "Sign in" }).click();
      await demo.getByRole("link", { name: "Main menu" }).click();
      await demo.locator(".editor-actions").getByRole("button", { name: "Numbers" }).click();
      const panel = demo.getByRole("complementary", { name: "Phone numbers" });
      const line = panel.locator("li.card").filter({ hasText: "+15005550006" });
      await line.getByText("Demo number: answers test calls only").waitFor();
      // Binding calls no phone company: it cannot fail offline, and says nothing of networks.
      const stop = line.getByRole("button", { name: "Stop answering with this flow" });
      if (await stop.count()) await stop.click();
      await line.getByRole("button", { name: "Answer with this flow" }).click();
      await line.getByText("Answers with this flow.").waitFor();
      const added = `+1500555${String(Math.floor(Math.random() * 9000) + 1000)}`;
      await panel.getByLabel("Add a number").fill(added);
      await panel.getByRole("button", { name: "Add number" }).click();
      const fresh = panel.locator("li.card").filter({ hasText: added });
      await fresh.getByText("Answers with this flow.").waitFor();
      expect(await fresh.innerText()).toContain("Demo number: answers test calls only");
      expect(await panel.innerText()).not.toMatch(/ENOTFOUND|getaddrinfo|failed|Twilio/);
      await demo.screenshot({ path: path.join(ARTIFACTS, "builder-25-demo-numbers-1280x720.png") });
      await demo.setViewportSize({ width: 1440, height: 900 });
      await demo.screenshot({ path: path.join(ARTIFACTS, "builder-25-demo-numbers-1440x900.png") });

      await demo.goto(`${base}/providers`);
      const carrier = demo.locator("li.card").filter({ hasText: "Demo numbers (no phone company)" });
      expect(await carrier.innerText()).toContain("no real phone can call them");
      expect(await carrier.getByRole("button", { name: "Test connection" }).count()).toBe(0);
      await demo.screenshot({ path: path.join(ARTIFACTS, "builder-26-demo-provider-1440x900.png") });
    } finally {
      await context.close();
    }
  });

  it("publish lists the warnings before publishing and says why the changelog matters; confirmations are in-app; the top bar says where you are", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    let nativeDialogs = 0;
    const countNative = (dialog: { type(): string }) => {
      if (dialog.type() !== "beforeunload") nativeDialogs += 1;
    };
    page.on("dialog", countNative);
    await page.goto(base);
    const sections = page.getByRole("navigation", { name: "Sections" });
    expect(await sections.getByRole("link", { name: "Flows" }).getAttribute("aria-current")).toBe("page");
    expect(await sections.getByRole("link", { name: "Calls" }).getAttribute("aria-current")).toBeNull();
    await sections.getByRole("link", { name: "Calls" }).click();
    await expect
      .poll(() => sections.getByRole("link", { name: "Calls" }).getAttribute("aria-current"))
      .toBe("page");
    await shot("27-top-bar-calls-1280x720");
    await sections.getByRole("link", { name: "Flows" }).click();

    // The flow from the compare test: its menu's "No input" and "No match" lead nowhere (warnings).
    await page.getByRole("link", { name: "Compare and roll back" }).click();
    await node("menu").waitFor();
    expect(await page.getByRole("navigation", { name: "You are here" }).innerText()).toContain("Flows");
    await page.locator(".editor-actions").getByRole("button", { name: "Publish" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish" });
    const check = dialog.getByRole("region", { name: "Check before publishing" });
    expect(await check.innerText()).toContain("2 warnings");
    expect(await check.innerText()).toContain(`Menu (menu): "No input" is not connected`);
    expect(await dialog.innerText()).toContain("which one to roll back to");
    expect(await dialog.getByRole("button", { name: "Publish anyway" }).isEnabled()).toBe(true);
    await shot("28-publish-warnings-1280x720");
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot("28-publish-warnings-1440x900");
    // Choosing a warning's block closes the dialog and selects the block, nothing published.
    await check.getByRole("button", { name: "Menu (menu)" }).first().click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => node("menu").getAttribute("class")).toContain("selected");

    // Archiving asks in the app; Cancel keeps the flow.
    await page.getByRole("button", { name: "Back to flows" }).click();
    const row = page.getByRole("row").filter({ hasText: "Compare and roll back" });
    await row.getByRole("button", { name: "Archive" }).click();
    const ask = page.getByRole("alertdialog", { name: "Archive “Compare and roll back”?" });
    await ask.waitFor();
    await shot("29-archive-question-1440x900");
    await ask.getByRole("button", { name: "Cancel" }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole("button", { name: "Archive" }).click();
    await ask.getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(nativeDialogs, "no confirm() or alert()").toBe(0);
    page.off("dialog", countNative);
  });

  it("speaks plainly on every screen: no internal terms, raw validation messages or ids of named blocks", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const FORBIDDEN = [
      /Port id/i,
      /E\.164/,
      /Liquid and SSML allowed/,
      /Text is SSML/,
      /Invalid input/,
      /✖/,
      /→ at /,
      /\bLiquid\b/,
      /\bports?\b/i,
    ];
    const scanned: string[] = [];
    /** Reads the screen for forbidden terms, then keeps it at both sizes (builder-31-<n>-<screen>-<size>.png). */
    async function scan(screen: string) {
      const text = await page.locator("body").innerText();
      for (const term of FORBIDDEN) expect(text, `${screen} says ${term}`).not.toMatch(term);
      scanned.push(screen);
      const name = `31-${String(scanned.length).padStart(2, "0")}-${screen.replace(/\W+/g, "-").toLowerCase()}`;
      for (const size of [
        { width: 1440, height: 900 },
        { width: 1280, height: 720 },
      ]) {
        await page.setViewportSize(size);
        // Let the layout settle at the new size (the canvas measures its pane again).
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
        await shot(`${name}-${size.width}x${size.height}`);
      }
    }
    await page.goto(base);
    await page.getByRole("link", { name: "Main line" }).waitFor();
    await scan("flows");
    await page.getByRole("link", { name: "Main line" }).click();
    await node("menu").waitFor();
    await scan("editor");
    for (const id of ["start", "menu", "say2"]) {
      await node(id).click();
      await inspector().waitFor();
      await scan(`inspector of ${id}`);
    }
    for (const [tab, panel] of [
      ["Test call", "Test call"],
      ["History", "Version history"],
      ["Numbers", "Phone numbers"],
    ] as const) {
      await page.locator(".editor-actions").getByRole("button", { name: tab, exact: true }).click();
      await page.getByRole("complementary", { name: panel }).waitFor();
      await scan(panel);
    }
    // A number the API cannot take is refused in a sentence, not in the validator's notation.
    const numbers = page.getByRole("complementary", { name: "Phone numbers" });
    await numbers.getByLabel("Add a number").fill("call john");
    await numbers.getByRole("button", { name: "Add number" }).click();
    await expect
      .poll(() => numbers.getByRole("alert").innerText())
      .toBe("“call john” is not a phone number: type its digits, like 415 555 0100.");
    await scan("a refused phone number");
    await shot("30-plain-number-error-1280x720");
    await page.locator(".editor-actions").getByRole("button", { name: "Publish" }).click();
    await page.getByRole("dialog", { name: "Publish" }).waitFor();
    await scan("publish");
    await page.getByRole("dialog", { name: "Publish" }).getByRole("button", { name: "Cancel" }).click();

    // A named block is known by its name; only unnamed ones show their id to tell them apart.
    await page.getByRole("button", { name: "Back to flows" }).click();
    await page.getByRole("link", { name: "Kept on reload" }).click();
    await node("say").waitFor();
    expect(await node("say").innerText()).toContain("Greeting");
    expect(await node("say").locator(".step-id").count()).toBe(0);
    expect(await node("start").locator(".step-id").count()).toBe(1);

    for (const [where, heading] of [
      ["/providers", "Providers"],
      ["/queues", "Queues and agents"],
      ["/desktop", "Desktop"],
      ["/wallboard", "Wallboard"],
      ["/reports", "Reports"],
      ["/calls", "Calls"],
    ] as const) {
      await page.goto(`${base}${where}`);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await scan(heading);
    }
    await page.getByRole("row").filter({ hasText: "+15551230000" }).getByRole("link").first().click();
    await page.getByRole("list", { name: "Call timeline" }).waitFor();
    await scan("call detail");
    expect(scanned.length).toBeGreaterThanOrEqual(17);
    // Seventeen screens, each loaded and read in a real browser: more than the default 20 s under `npm test`.
  }, 90_000);
});
