import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import twilio from "twilio";
import { startFakeTwilio } from "@ringflow/api/testing/fake-twilio";
import { createDb } from "@ringflow/db";
import { buildFlow } from "@ringflow/flow-schema/testing";
import type { ApiSession } from "./api-session.ts";
import { signUp } from "./api-session.ts";
import { describeViolations, seriousViolations } from "./axe.ts";
import { FAKE_SOFTPHONE_SCRIPT } from "./fake-softphone.ts";
import {
  ARTIFACTS,
  buildBuilder,
  CHROMIUM,
  createOutbox,
  freePort,
  hasChromium,
  launchChromium,
  startApiAndRuntime,
} from "./stack.ts";

const TWILIO_SID = `AC${randomBytes(16).toString("hex")}`;
const TWILIO_TOKEN = randomBytes(16).toString("hex");
const NUMBER = "+14155550233";
const CALLER = "+15551234567";
const PASSWORD = "desk-e2e-password";
const run = randomBytes(3).toString("hex");
const people = {
  owner: { email: `owner-${run}@desk.test`, name: "Olive Owner", password: PASSWORD },
  agent: { email: `agent-${run}@desk.test`, name: "Ada Agent", password: PASSWORD },
  supervisor: { email: `sup-${run}@desk.test`, name: "Sam Supervisor", password: PASSWORD },
};

const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set (run it through `npm test`)"
    : null;
if (skipReason) console.warn(`desktop e2e skipped: ${skipReason}`);

/** The IVR: billing is 2, then the account number; the caller waits in Billing; the agent sees all of it. */
const ivr = buildFlow({
  name: "Billing line",
  variables: [{ name: "accountNumber", type: "string", default: "" }],
  nodes: {
    start: ["start"],
    main: [
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "For sales press 1. For billing press 2." } },
        options: [
          { id: "sales", label: "Sales", dtmf: "1" },
          { id: "billing", label: "Billing", dtmf: "2" },
        ],
      },
    ],
    account: [
      "collect",
      {
        prompt: { type: "say", text: { "en-US": "Enter your account number, then press pound." } },
        variable: "accountNumber",
      },
    ],
    queue: [
      "enqueue",
      {
        queue: "Billing",
        agentView: {
          fields: [{ label: "Account", value: "{{vars.accountNumber}}" }],
          script: "Thank the caller for holding, and confirm account {{vars.accountNumber}}.",
          dispositions: [
            { id: "resolved", label: "Resolved" },
            { id: "followUp", label: "Needs a follow-up" },
          ],
          wrapUp: [
            {
              id: "topic",
              label: "What was it about?",
              type: "choice",
              options: ["Late fee", "Moving"],
              required: true,
            },
          ],
        },
      },
    ],
    bye: ["say", { text: { "en-US": "Goodbye." } }],
    sales: ["hangup"],
  },
  edges: [
    ["start", "inbound", "main"],
    ["main", "billing", "account"],
    ["main", "sales", "sales"],
    ["account", "valid", "queue"],
    ["queue", "bridged", "bye"],
  ],
});
ivr.nodes.find((n) => n.id === "account")!.label = "Account";

/**
 * Twilio's Conferences Participants endpoints in front of the recorded fake account API: queue delivery
 * adds each agent to the call's conference and later holds or moves participants. Every request is kept.
 */
async function startTwilioWithConferences(upstream: string) {
  const participants: { path: string; form: URLSearchParams; callSid: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const match =
        /^\/2010-04-01\/Accounts\/(AC\w{32})\/Conferences\/([^/]+)\/Participants(?:\/([^/]+))?\.json$/.exec(
          url.pathname,
        );
      if (match) {
        const form = new URLSearchParams(body);
        const callSid = match[3] ?? `CA${randomBytes(16).toString("hex")}`;
        participants.push({ path: url.pathname, form, callSid });
        res.writeHead(req.method === "POST" && !match[3] ? 201 : 200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            account_sid: match[1],
            call_sid: callSid,
            conference_sid: `CF${randomBytes(16).toString("hex")}`,
            label: form.get("Label"),
            status: "queued",
            hold: form.get("Hold") === "true",
            muted: form.get("Muted") === "true",
            coaching: false,
            date_created: new Date().toUTCString(),
            date_updated: new Date().toUTCString(),
            uri: url.pathname,
          }),
        );
        return;
      }
      const forward = httpRequest(
        `${upstream}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, participants, close: () => new Promise((r) => server.close(r)) };
}

describe.skipIf(skipReason !== null)("agent desktop and wallboard end to end", { timeout: 60_000 }, () => {
  const outbox = createOutbox();
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let base = "";
  let runtimeBase = "";
  let browser: Browser;
  let agentPage: Page;
  let supervisorPage: Page;
  let ownerPage: Page;
  let owner: ApiSession;
  let agentSession: ApiSession;
  let supervisorSession: ApiSession;
  let conferences: Awaited<ReturnType<typeof startTwilioWithConferences>>;
  const call = {
    AccountSid: TWILIO_SID,
    CallSid: `CA${randomBytes(16).toString("hex")}`,
    From: CALLER,
    To: NUMBER,
    CallStatus: "ringing",
    Direction: "inbound",
  };

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `desktop-${name}.png`) });

  async function newTab(session: ApiSession, viewport: { width: number; height: number }, init?: string) {
    const context: BrowserContext = await browser.newContext({ viewport });
    if (init) await context.addInitScript(init);
    await session.signInBrowser(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (error) => console.error(`[browser] ${error.stack ?? error.message}`));
    return page;
  }

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
    const text = await response.text();
    expect([200, 204], text).toContain(response.status);
    return text;
  }

  /** The URL Twilio would request next for this TwiML: a Gather's action, else a Redirect. */
  function nextUrl(twiml: string): string | null {
    const found =
      /<Gather[^>]*action="([^"]+)"/.exec(twiml)?.[1] ??
      /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(twiml)?.[1];
    if (!found) return null;
    const url = new URL(found.replaceAll("&amp;", "&"), runtimeBase);
    return url.pathname + url.search;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dist = await buildBuilder();
    cleanups.push(dist.remove, outbox.remove);
    const fake = await startFakeTwilio({
      sid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      numbers: [
        { sid: `PN${randomBytes(16).toString("hex")}`, phoneNumber: NUMBER, friendlyName: "Billing" },
      ],
    });
    cleanups.push(() => fake.close());
    conferences = await startTwilioWithConferences(fake.url);
    cleanups.push(conferences.close);
    const [apiPort, runtimePort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${apiPort}`;
    runtimeBase = `http://127.0.0.1:${runtimePort}`;
    const env = {
      HOST: "127.0.0.1",
      API_PORT: String(apiPort),
      RUNTIME_PORT: String(runtimePort),
      PUBLIC_URL: base,
      RUNTIME_PUBLIC_URL: runtimeBase,
      BUILDER_DIST: dist.dir,
      MAIL_OUTBOX_DIR: outbox.dir,
      TWILIO_API_BASE_URL: conferences.url,
      RUNTIME_WORKERS: "true",
      // A key space of this run's own: sign-up limits and queue state start empty on every run.
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? ""}desk-${run}:`,
      RINGFLOW_SECRET_KEYS:
        process.env.RINGFLOW_SECRET_KEYS ?? `e2e:${Buffer.alloc(32, 7).toString("base64")}`,
    };
    cleanups.push(await startApiAndRuntime(env));
    browser = await launchChromium();
    cleanups.push(() => browser.close());

    // Three people of one workspace, each signed up through the product.
    owner = await signUp(base, outbox.waitForMail, people.owner, { workspaceName: `Desk ${run}` });
    // The owner hands each invitation's token to its person (the product shows it once, to send).
    const invite = (email: string, role: string) =>
      owner.mutate<{ token: string }>("members.invite", { email, role }).then((i) => i.token);
    agentSession = await signUp(base, outbox.waitForMail, people.agent, {
      invitationToken: await invite(people.agent.email, "AGENT"),
    });
    supervisorSession = await signUp(base, outbox.waitForMail, people.supervisor, {
      invitationToken: await invite(people.supervisor.email, "SUPERVISOR"),
    });

    // The number rings the published IVR.
    const provider = await owner.mutate<{ id: string }>("providers.create", {
      kind: "TWILIO",
      name: "Main Twilio",
      twilio: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN },
    });
    await owner.mutate("numbers.importFromProvider", { providerAccountId: provider.id, e164s: [NUMBER] });
    const flow = await owner.mutate<{ id: string; revision: number }>("flows.create", {
      name: "Billing line",
    });
    const draft = await owner.query<{ draftRevision: number }>("flows.get", { flowId: flow.id });
    await owner.mutate("flows.saveDraft", { flowId: flow.id, revision: draft.draftRevision, document: ivr });
    await owner.mutate("flows.publish", { flowId: flow.id, changelog: "Billing queue", publishAnyway: true });
    const numbers = await owner.query<{ id: string; e164: string }[]>("numbers.list");
    const number = numbers.find((n) => n.e164 === NUMBER)!;
    await owner.mutate("numbers.bind", { phoneNumberId: number.id, flowId: flow.id });

    ownerPage = await newTab(owner, { width: 1440, height: 900 });
    supervisorPage = await newTab(supervisorSession, { width: 1440, height: 900 });
    agentPage = await newTab(agentSession, { width: 1280, height: 720 }, FAKE_SOFTPHONE_SCRIPT);
  }, 300_000);

  // A failed step leaves what each person saw, to look at.
  afterEach(async (context) => {
    if (context.task.result?.state !== "fail") return;
    const step = context.task.name.slice(0, 24).replace(/\W+/g, "-");
    for (const [who, page] of [
      ["agent", agentPage],
      ["supervisor", supervisorPage],
    ] as const)
      await page?.screenshot({ path: path.join(ARTIFACTS, `desktop-failed-${step}-${who}.png`) });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("an admin sets up the Billing queue and its agent in plain words", async () => {
    await ownerPage.goto(`${base}/queues`);
    await ownerPage.getByRole("heading", { name: "Queues and agents" }).waitFor();
    await ownerPage.getByRole("button", { name: "New agent" }).click();
    const agentForm = ownerPage.getByRole("form", { name: "New agent" });
    await agentForm.getByLabel("Name").fill("Ada");
    await agentForm.getByLabel("Extension").fill("101");
    await agentForm
      .getByLabel("Signs in as")
      .selectOption({ label: `${people.agent.name} (${people.agent.email})` });
    await agentForm.getByRole("button", { name: "Add agent" }).click();
    await ownerPage.getByRole("row").filter({ hasText: people.agent.email }).waitFor();

    await ownerPage.getByRole("button", { name: "New queue" }).click();
    const queueForm = ownerPage.getByRole("form", { name: "New queue" });
    await queueForm.getByLabel("Name").fill("Billing");
    await queueForm.getByLabel("Answer within (seconds)").fill("30");
    await queueForm.getByRole("button", { name: "Create queue" }).click();
    const row = ownerPage.locator("tr", { has: ownerPage.locator("strong", { hasText: /^Billing$/ }) });
    await row.getByRole("button", { name: "Who takes calls" }).click();
    await ownerPage.getByLabel("Ada takes Billing calls").check();
    await ownerPage.getByRole("button", { name: "Save who takes calls" }).click();
    await ownerPage.getByText("Saved.").waitFor();
    await expect.poll(() => row.innerText()).toContain("Ada");
    await shot(ownerPage, "queues-1440x900");
  });

  it("the agent signs in to the desktop and becomes available; the wallboard sees it", async () => {
    await agentPage.goto(`${base}/desktop`);
    await agentPage.getByRole("heading", { name: "Desktop" }).waitFor();
    await agentPage.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await agentPage.getByLabel("Your status").selectOption("available");
    await agentPage.getByText("Waiting for a call.").waitFor();

    await supervisorPage.goto(`${base}/wallboard`);
    await supervisorPage.getByRole("heading", { name: "Wallboard" }).waitFor();
    const ada = supervisorPage.locator("tr[data-agent='Ada']");
    await expect.poll(() => ada.innerText(), { timeout: 15_000 }).toContain("Available");
  });

  it("a signed Twilio call walks the IVR into the queue and the desktop rings with what the caller entered", async () => {
    let twiml = await twilioWebhook("/twilio/voice", call);
    const answers = ["2", "4471#"];
    for (let step = 0; step < 6; step++) {
      const next = nextUrl(twiml);
      if (!next) break;
      const digits = /<Gather/.test(twiml) ? answers.shift() : undefined;
      twiml = await twilioWebhook(next, {
        ...call,
        CallStatus: "in-progress",
        ...(digits ? { Digits: digits.replace("#", "") } : {}),
      });
      if (!digits && answers.length === 0) break;
    }

    const ringing = agentPage.getByRole("article", { name: "Incoming call" });
    await ringing.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
      await shot(agentPage, "not-ringing");
      throw new Error(
        `the desktop did not ring; the caller's last TwiML: ${twiml}; Twilio was asked: ${JSON.stringify(conferences.participants.map((p) => p.path))}`,
        { cause: error },
      );
    });
    await expect.poll(() => ringing.innerText()).toContain("4471");
    expect(await ringing.innerText()).toContain(CALLER);
    // The API's screen pop: the caller's path in words, from the call's execution log.
    await expect
      .poll(() => ringing.innerText(), { timeout: 10_000 })
      .toContain("Chose Billing, entered account 4471");
    expect(await agentPage.evaluate(() => document.documentElement.dataset.ringing)).toBe("true");
    await shot(agentPage, "ringing-1280x720");
    const ringingProblems = await seriousViolations(agentPage);
    expect(ringingProblems, describeViolations("desktop, ringing", ringingProblems)).toEqual([]);

    const billing = supervisorPage.locator("tr[data-queue='Billing']");
    await expect.poll(() => billing.innerText(), { timeout: 15_000 }).toMatch(/Billing\s+1/);
  });

  it("the agent answers, holds, resumes and transfers with the keyboard and the buttons", async () => {
    await agentPage.keyboard.press("Alt+A");
    // Twilio tells the runtime the agent's leg was answered, at the status callback the leg was created with.
    const agentLeg = () => conferences.participants.find((p) => p.form.get("Label")?.startsWith("agent-"));
    await expect
      .poll(agentLeg, { message: "the runtime adds the agent to the call's conference" })
      .toBeDefined();
    const leg = agentLeg();
    const callback = new URL(leg!.form.get("StatusCallback")!);
    await twilioWebhook(callback.pathname + callback.search, {
      AccountSid: TWILIO_SID,
      CallSid: leg!.callSid,
      CallStatus: "in-progress",
      From: CALLER,
      To: leg!.form.get("To") ?? "",
      Direction: "outbound-api",
    });
    const current = agentPage.getByRole("article", { name: "Current call" });
    await current.waitFor({ timeout: 20_000 });
    expect(await agentPage.evaluate(() => document.documentElement.dataset.ringing)).toBeUndefined();

    // The call is the agent's own once the log has it (their history lists it): then it is theirs to hold.
    await agentPage.getByRole("row").filter({ hasText: CALLER }).waitFor({ timeout: 40_000 });
    await agentPage.keyboard.press("Alt+H");
    await current.getByText("On hold", { exact: true }).waitFor();
    await expect
      .poll(() => conferences.participants.some((p) => p.form.get("Hold") === "true"), { timeout: 15_000 })
      .toBe(true);
    await current.getByRole("button", { name: /Resume/ }).click();
    await current.getByText("The caller is back with you.").waitFor();
    // Both are logged for the reports' hold time (the runtime's call-control job keeps them with the queue events).
    const db = createDb(process.env.DATABASE_URL ?? "", { max: 1 });
    try {
      const tenant = await db.tenant.findFirstOrThrow({ where: { name: `Desk ${run}` } });
      const holds = () =>
        db.queueEventRecord.findMany({
          where: { tenantId: tenant.id, type: { in: ["call.held", "call.resumed"] } },
          orderBy: { id: "asc" },
        });
      await expect
        .poll(async () => (await holds()).map((r) => r.type))
        .toEqual(["call.held", "call.resumed"]);
    } finally {
      await db.$disconnect();
    }

    const ada = supervisorPage.locator("tr[data-agent='Ada']");
    await expect.poll(() => ada.innerText(), { timeout: 15_000 }).toContain("On a call");
    await expect.poll(() => ada.innerText()).toContain(CALLER);
    await shot(supervisorPage, "wallboard-on-call-1440x900");
    const boardProblems = await seriousViolations(supervisorPage);
    expect(boardProblems, describeViolations("wallboard", boardProblems)).toEqual([]);
    await agentPage.setViewportSize({ width: 1440, height: 900 });
    await shot(agentPage, "on-call-1440x900");
    await agentPage.setViewportSize({ width: 1280, height: 720 });

    await current.getByRole("button", { name: "Transfer", exact: true }).click();
    const form = current.getByRole("form", { name: "Transfer" });
    await form.getByLabel("A phone number").check();
    await form.getByRole("textbox", { name: "Phone number" }).fill("+14155550177");
    await form.getByRole("button", { name: "Transfer now" }).click();
    await expect
      .poll(() => conferences.participants.some((p) => p.form.get("To") === "+14155550177"), {
        timeout: 15_000,
      })
      .toBe(true);
  });

  it("the agent finishes up with notes; their history and the wallboard show the call", async () => {
    const finish = agentPage.getByRole("form", { name: "Finish the call" });
    await finish.waitFor({ timeout: 20_000 });
    expect(await finish.innerText()).toContain(CALLER);
    await finish.getByLabel("Notes").fill("Waived the late fee.");
    await shot(agentPage, "wrap-up-1280x720");
    const wrapUpProblems = await seriousViolations(agentPage);
    expect(wrapUpProblems, describeViolations("desktop, finishing up", wrapUpProblems)).toEqual([]);
    await finish.getByRole("button", { name: "Done" }).click();
    await finish.waitFor({ state: "detached" });

    const history = agentPage.getByRole("row").filter({ hasText: CALLER });
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toContain("Done");

    const billing = supervisorPage.locator("tr[data-queue='Billing']");
    await expect.poll(() => billing.innerText(), { timeout: 15_000 }).toMatch(/Billing\s+0/);
    // Answered today: the call counts once the queue saw it answered.
    await expect.poll(() => billing.locator("td").nth(3).innerText(), { timeout: 20_000 }).toBe("1");
    await shot(supervisorPage, "wallboard-1440x900");
    await supervisorPage.setViewportSize({ width: 1280, height: 720 });
    await shot(supervisorPage, "wallboard-1280x720");
  });
});
