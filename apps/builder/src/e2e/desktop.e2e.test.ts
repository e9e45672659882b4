import { createHmac, randomBytes } from "node:crypto";
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

const CALLER_TWO = "+15557654321";
const CALLER_THREE = "+15550001111";

/**
 * The agent's browser as the test watches it ring: each system notification made (the permission is
 * granted), each ring tone started, and a switch for whether the tab counts as in the background (the
 * desktop notifies only then; a headless tab is never hidden on its own).
 */
const WATCH_RINGING_SCRIPT = `
(() => {
  const made = [];
  const Real = window.Notification;
  class Watched extends Real {
    constructor(title, options) {
      made.push({ title, body: options && options.body });
      super(title, options);
    }
  }
  window.Notification = Watched;
  let tones = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) { tones += 1; return start.apply(this, args); };
  let hidden = false;
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => hidden });
  window.ringWatch = { made, get tones() { return tones; }, hide(value) { hidden = value; } };
})();
`;
/** What the fake browser phone (fake-softphone.ts) offers the test in the page. */
interface FakePhoneWindow {
  fakePhone: { ring(parameters: Record<string, string>): unknown; log: unknown[][] };
}
interface RingWatch {
  ringWatch: { made: { title: string; body?: string }[]; tones: number; hide(hidden: boolean): void };
}

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
 * Twilio's Conferences Participants and call Recordings endpoints in front of the recorded fake account API:
 * queue delivery adds each agent to the call's conference and later holds or moves participants; the desktop
 * records calls. Every request is kept. As on Twilio, a supervisor's participant not in the conference is a
 * 404 (the runtime then dials them in).
 */
async function startTwilioWithConferences(upstream: string) {
  const participants: { method: string; path: string; form: URLSearchParams; callSid: string }[] = [];
  const recordings: { path: string; form: URLSearchParams }[] = [];
  const supervisors = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const json = (status: number, answer: object) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer));
      };
      const recording =
        /^\/2010-04-01\/Accounts\/(AC\w{32})\/Calls\/(CA\w{32})\/Recordings(?:\/([^/]+))?\.json$/.exec(
          url.pathname,
        );
      if (recording && req.method === "POST") {
        const form = new URLSearchParams(body);
        recordings.push({ path: url.pathname, form });
        return json(recording[3] ? 200 : 201, {
          account_sid: recording[1],
          call_sid: recording[2],
          sid: `RE${randomBytes(16).toString("hex")}`,
          status: form.get("Status") ?? "in-progress",
          channels: 2,
          source: "StartCallRecording",
          date_created: new Date().toUTCString(),
          date_updated: new Date().toUTCString(),
          uri: url.pathname,
        });
      }
      const match =
        /^\/2010-04-01\/Accounts\/(AC\w{32})\/Conferences\/([^/]+)\/Participants(?:\/([^/]+))?\.json$/.exec(
          url.pathname,
        );
      if (match) {
        const form = new URLSearchParams(body);
        const label = match[3] ? decodeURIComponent(match[3]) : form.get("Label");
        if (match[3] && label?.startsWith("supervisor-") && !supervisors.has(label))
          return json(404, { code: 20404, message: "The requested resource was not found", status: 404 });
        if (!match[3] && label?.startsWith("supervisor-")) supervisors.add(label);
        if (req.method === "DELETE" && label) supervisors.delete(label);
        const callSid = match[3] ?? `CA${randomBytes(16).toString("hex")}`;
        participants.push({ method: req.method ?? "POST", path: url.pathname, form, callSid });
        if (req.method === "DELETE") {
          res.writeHead(204);
          res.end();
          return;
        }
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
  return {
    url: `http://127.0.0.1:${port}`,
    participants,
    recordings,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A tenant's own system receiving webhooks: every POST is kept with its headers, and answered 200. */
async function startReceiver() {
  const received: { signature: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ signature: String(req.headers["ringflow-signature"] ?? ""), body });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/ringflow-events`,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
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
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
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

  async function newTab(
    session: ApiSession,
    viewport: { width: number; height: number },
    init: string[] = [],
    permissions: string[] = [],
  ) {
    const context: BrowserContext = await browser.newContext({ viewport });
    for (const script of init) await context.addInitScript(script);
    if (permissions.length) await context.grantPermissions(permissions, { origin: base });
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

  /** A caller rings the number, presses 2 for billing and enters account 4471: they wait in Billing. */
  async function walkIntoBilling(caller: typeof call): Promise<string> {
    let twiml = await twilioWebhook("/twilio/voice", caller);
    const answers = ["2", "4471#"];
    for (let step = 0; step < 6; step++) {
      const next = nextUrl(twiml);
      if (!next) break;
      const digits = /<Gather/.test(twiml) ? answers.shift() : undefined;
      twiml = await twilioWebhook(next, {
        ...caller,
        CallStatus: "in-progress",
        ...(digits ? { Digits: digits.replace("#", "") } : {}),
      });
      if (!digits && answers.length === 0) break;
    }
    return twiml;
  }

  /** Twilio reports the agent's leg answered at the status callback the runtime created it with. */
  async function agentLegAnswered(from: number, caller: string) {
    const agentLeg = () =>
      conferences.participants.slice(from).find((p) => p.form.get("Label")?.startsWith("agent-"));
    await expect
      .poll(agentLeg, { message: "the runtime adds the agent to the call's conference" })
      .toBeDefined();
    const leg = agentLeg()!;
    const callback = new URL(leg.form.get("StatusCallback")!);
    await twilioWebhook(callback.pathname + callback.search, {
      AccountSid: TWILIO_SID,
      CallSid: leg.callSid,
      CallStatus: "in-progress",
      From: caller,
      To: leg.form.get("To") ?? "",
      Direction: "outbound-api",
    });
    return leg;
  }

  /**
   * The agent finishes up the call with `caller`: the outcome, the Enqueue block's question, notes; Done. Their
   * history then lists the call with the outcome's name.
   */
  async function finishUp(
    caller: string,
    answers: { outcome: string; topic: string; notes: string },
    name: string,
  ) {
    const finish = agentPage.getByRole("form", { name: "Finish the call" });
    expect(await finish.innerText()).toContain(caller);
    await finish.getByLabel(answers.outcome).check();
    await finish.getByLabel("What was it about?").selectOption(answers.topic);
    await finish.getByLabel("Notes").fill(answers.notes);
    await shot(agentPage, `${name}-1280x720`);
    const problems = await seriousViolations(agentPage);
    expect(problems, describeViolations(`desktop, ${name}`, problems)).toEqual([]);
    await finish.getByRole("button", { name: "Done" }).click();
    await finish.waitFor({ state: "detached" });
    const history = agentPage.getByRole("row").filter({ hasText: caller });
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toContain(answers.outcome);
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
    receiver = await startReceiver();
    cleanups.push(receiver.close);
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
      // The test's webhook receiver listens on loopback, which webhooks may reach only when allowed.
      WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32",
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
    // The supervisor's browser phone answers when they listen in from the wallboard.
    supervisorPage = await newTab(supervisorSession, { width: 1440, height: 900 }, [FAKE_SOFTPHONE_SCRIPT]);
    agentPage = await newTab(
      agentSession,
      { width: 1280, height: 720 },
      [FAKE_SOFTPHONE_SCRIPT, WATCH_RINGING_SCRIPT],
      ["notifications"],
    );
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
    const twiml = await walkIntoBilling(call);

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
    // The call goes on with the person it was transferred to: the outcomes are the Enqueue block's all the same.
    await finishUp(
      CALLER,
      { outcome: "Resolved", topic: "Moving", notes: "Waived the late fee." },
      "wrap-up",
    );

    const billing = supervisorPage.locator("tr[data-queue='Billing']");
    await expect.poll(() => billing.innerText(), { timeout: 15_000 }).toMatch(/Billing\s+0/);
    // Answered today: the call counts once the queue saw it answered.
    await expect.poll(() => billing.locator("td").nth(3).innerText(), { timeout: 20_000 }).toBe("1");
    await shot(supervisorPage, "wallboard-1440x900");
    await supervisorPage.setViewportSize({ width: 1280, height: 720 });
    await shot(supervisorPage, "wallboard-1280x720");
  });

  const second = { ...call, CallSid: `CA${randomBytes(16).toString("hex")}`, From: CALLER_TWO };
  const isCaller = (path: string) =>
    path.endsWith("/Participants/caller.json") || path.includes(second.CallSid);
  const since = (mark: number) => conferences.participants.slice(mark);
  /** Where Twilio's requests for the second call begin: the agent is added to its conference as it rings. */
  let secondMark = 0;
  /** What the supervisor's browser phone was asked to do, in order. */
  const supervisorPhone = () =>
    supervisorPage.evaluate(() =>
      (window as unknown as FakePhoneWindow).fakePhone.log.map((entry) => String(entry[0])),
    );

  it("a call while the desktop is in the background notifies and rings, with the agent view's details", async () => {
    await agentPage.getByLabel("Your status").selectOption("available");
    await agentPage.getByText("Waiting for a call.").waitFor();
    await agentPage.evaluate(() => (window as unknown as RingWatch).ringWatch.hide(true));
    const tonesBefore = await agentPage.evaluate(() => (window as unknown as RingWatch).ringWatch.tones);
    secondMark = conferences.participants.length;
    await walkIntoBilling(second);

    const ringing = agentPage.getByRole("article", { name: "Incoming call" });
    await ringing.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => agentPage.evaluate(() => (window as unknown as RingWatch).ringWatch.made))
      .toContainEqual({ title: "Incoming call", body: CALLER_TWO });
    expect(await agentPage.evaluate(() => Notification.permission)).toBe("granted");
    await expect
      .poll(() => agentPage.evaluate(() => (window as unknown as RingWatch).ringWatch.tones))
      .toBeGreaterThan(tonesBefore);
    await agentPage.evaluate(() => (window as unknown as RingWatch).ringWatch.hide(false));
    // The Enqueue block's agent view, filled in from what the caller entered, while the call is live.
    await expect
      .poll(() => ringing.innerText(), { timeout: 10_000 })
      .toContain("Thank the caller for holding");
    expect(await ringing.innerText()).toMatch(/Account\s+4471/);
  });

  it("the agent records within consent, talks to someone first and comes back, and adds a third person", async () => {
    await agentPage
      .getByRole("article", { name: "Incoming call" })
      .getByRole("button", { name: /Answer/ })
      .click();
    await agentLegAnswered(secondMark, CALLER_TWO);
    const current = agentPage.getByRole("article", { name: "Current call" });
    await current.waitFor({ timeout: 20_000 });
    await agentPage.getByRole("row").filter({ hasText: CALLER_TWO }).waitFor({ timeout: 40_000 });

    // Recording: start, pause, resume, then stop because the caller asks; then it cannot start again.
    const recording = current.getByRole("group", { name: "Recording" });
    const recorded = (what: RegExp, status: string | null) =>
      conferences.recordings.some((r) => what.test(r.path) && r.form.get("Status") === status);
    await recording.getByRole("button", { name: "Record", exact: true }).click();
    await recording.getByText("Recording", { exact: true }).waitFor();
    await expect
      .poll(() => recorded(new RegExp(`/Calls/${second.CallSid}/Recordings\\.json$`), null), {
        timeout: 15_000,
      })
      .toBe(true);
    await recording.getByRole("button", { name: "Pause recording" }).click();
    await recording.getByText("Recording paused").waitFor();
    await expect.poll(() => recorded(/\/Recordings\/Twilio\.CURRENT\.json$/, "paused")).toBe(true);
    await recording.getByRole("button", { name: "Resume recording" }).click();
    await expect.poll(() => recorded(/\/Recordings\/Twilio\.CURRENT\.json$/, "in-progress")).toBe(true);
    await agentPage.setViewportSize({ width: 1440, height: 900 });
    await shot(agentPage, "recording-1440x900");
    await agentPage.setViewportSize({ width: 1280, height: 720 });
    await recording.getByRole("button", { name: "Stop: the caller asked" }).click();
    await expect.poll(() => recorded(/\/Recordings\/Twilio\.CURRENT\.json$/, "stopped")).toBe(true);
    await recording.getByText("The caller asked not to be recorded").waitFor();
    expect(await recording.getByRole("button", { name: "Record", exact: true }).isDisabled()).toBe(true);
    await shot(agentPage, "recording-withdrawn-1280x720");

    // Talk first, then come back: the caller is held while the agent calls someone, then back.
    const consult = async () => {
      await current.getByRole("button", { name: "Talk first, then transfer" }).click();
      const form = current.getByRole("form", { name: "Talk first, then transfer" });
      await form.getByRole("textbox", { name: "Phone number" }).fill("+14155550188");
      await form.getByRole("button", { name: "Call them first" }).click();
      await current.getByRole("button", { name: "Back to the caller" }).waitFor();
    };
    const consulted = conferences.participants.length;
    await consult();
    await expect
      .poll(() =>
        since(consulted).some(
          (p) => p.form.get("Label") === "consult" && p.form.get("To") === "+14155550188",
        ),
      )
      .toBe(true);
    expect(since(consulted).some((p) => isCaller(p.path) && p.form.get("Hold") === "true")).toBe(true);
    await shot(agentPage, "consulting-1280x720");
    const back = conferences.participants.length;
    await current.getByRole("button", { name: "Back to the caller" }).click();
    await current.getByText("The caller is back with you.").waitFor();
    await expect
      .poll(() =>
        since(back).some((p) => p.method === "DELETE" && p.path.endsWith("/Participants/consult.json")),
      )
      .toBe(true);
    await expect
      .poll(() => since(back).some((p) => isCaller(p.path) && p.form.get("Hold") === "false"))
      .toBe(true);

    // A third person joins caller and agent.
    await current.getByRole("button", { name: "Add someone" }).click();
    const add = current.getByRole("form", { name: "Add someone to the call" });
    await add.getByRole("textbox", { name: "Phone number" }).fill("+14155550199");
    await add.getByRole("button", { name: "Add to the call" }).click();
    await current.getByText("Adding them to the call.").waitFor();
    await expect
      .poll(() =>
        since(back).some((p) => p.form.get("Label") === "third-party" && p.form.get("To") === "+14155550199"),
      )
      .toBe(true);

    // The agent drops the third person from the keyboard; caller and agent go on.
    const dropped = conferences.participants.length;
    const drop = current.getByRole("button", { name: "Drop the person you added" });
    await drop.focus();
    await agentPage.keyboard.press("Enter");
    await current
      .getByText("The person you added has left the call. You and the caller go on.")
      .waitFor({ timeout: 15_000 });
    await expect
      .poll(() =>
        since(dropped).some(
          (p) => p.method === "DELETE" && p.path.endsWith("/Participants/third-party.json"),
        ),
      )
      .toBe(true);
    expect(since(dropped).some((p) => p.method === "DELETE" && /\/Participants\/agent-/.test(p.path))).toBe(
      false,
    );
    await current.getByRole("button", { name: "Add someone" }).waitFor({ timeout: 5_000 });
    await shot(agentPage, "third-person-dropped-1280x720");
  });

  it("the supervisor listens, coaches and joins the agent's call from the wallboard", async () => {
    const ada = supervisorPage.locator("tr[data-agent='Ada']");
    await expect.poll(() => ada.innerText(), { timeout: 15_000 }).toContain(CALLER_TWO);
    const agentLeg = conferences.participants.findLast((p) => p.form.get("Label")?.startsWith("agent-"))!;
    const supervisorLeg = () => since(0).filter((p) => /supervisor-/.test(p.form.get("Label") ?? p.path));
    await ada.getByRole("button", { name: "Listen: Ada" }).click();
    await expect
      .poll(() => supervisorLeg().find((p) => p.form.get("Label")?.startsWith("supervisor-")), {
        timeout: 15_000,
      })
      .toBeDefined();
    const dialled = supervisorLeg().find((p) => p.form.get("Label")?.startsWith("supervisor-"))!;
    expect(dialled.form.get("To")).toMatch(/^client:/);
    expect(dialled.form.get("Muted")).toBe("true");
    const label = dialled.form.get("Label")!;
    // Twilio rings the supervisor's browser phone; the wallboard answers the leg it asked for.
    const listening = supervisorPage.getByRole("region", { name: "Listening in" });
    await listening.getByText("Your browser phone rings").waitFor();
    await supervisorPage.evaluate(() => (window as unknown as FakePhoneWindow).fakePhone.ring({}));
    await listening.getByText("Listening to Ada's call. Nobody hears you.").waitFor();
    expect(await supervisorPhone()).toContain("accept");
    const updates = () =>
      conferences.participants.filter((p) => p.path.endsWith(`/Participants/${label}.json`));

    await ada.getByRole("button", { name: "Coach the agent: Ada" }).click();
    await expect
      .poll(() => updates().some((p) => p.form.get("Coaching") === "true"), { timeout: 15_000 })
      .toBe(true);
    await listening.getByText("Coaching Ada. Only Ada hears you.").waitFor();
    const coach = updates().find((p) => p.form.get("Coaching") === "true")!;
    expect(coach.form.get("CallSidToCoach")).toBe(agentLeg.callSid);
    expect(coach.form.get("Muted")).toBe("false");

    await ada.getByRole("button", { name: "Join the call: Ada" }).click();
    await expect
      .poll(
        () => updates().some((p) => p.form.get("Coaching") === "false" && p.form.get("Muted") === "false"),
        { timeout: 15_000 },
      )
      .toBe(true);
    await listening.getByText("On Ada's call. Everyone hears you.").waitFor();
    await shot(supervisorPage, "wallboard-monitoring-1440x900");
    const problems = await seriousViolations(supervisorPage);
    expect(problems, describeViolations("wallboard, listening in", problems)).toEqual([]);
    await listening.getByRole("button", { name: "Stop listening" }).click();
    await listening.waitFor({ state: "detached" });
    await expect.poll(() => updates().some((p) => p.method === "DELETE"), { timeout: 15_000 }).toBe(true);
    expect(await supervisorPhone()).toContain("hangUp");
  });

  it("the agent talks first then hands the caller over, picks an outcome, and history shows it", async () => {
    const current = agentPage.getByRole("article", { name: "Current call" });
    await current.getByRole("button", { name: "Talk first, then transfer" }).click();
    const form = current.getByRole("form", { name: "Talk first, then transfer" });
    await form.getByRole("textbox", { name: "Phone number" }).fill("+14155550177");
    await form.getByRole("button", { name: "Call them first" }).click();
    const handOver = conferences.participants.length;
    await current.getByRole("button", { name: "Hand the caller over" }).click();
    await expect
      .poll(() =>
        since(handOver).some(
          (p) =>
            p.path.endsWith("/Participants/consult.json") && p.form.get("EndConferenceOnExit") === "true",
        ),
      )
      .toBe(true);

    const finish = agentPage.getByRole("form", { name: "Finish the call" });
    await finish.waitFor({ timeout: 20_000 });
    await expect(finish.getByRole("button", { name: "Done" }).isDisabled()).resolves.toBe(true);
    await finishUp(
      CALLER_TWO,
      { outcome: "Needs a follow-up", topic: "Late fee", notes: "Call back on Friday." },
      "wrap-up-outcome",
    );
    const db = createDb(process.env.DATABASE_URL ?? "", { max: 1 });
    try {
      const tenant = await db.tenant.findFirstOrThrow({ where: { name: `Desk ${run}` } });
      const row = await db.call.findFirstOrThrow({
        where: { tenantId: tenant.id, providerCallId: second.CallSid },
        select: { disposition: true, wrapUpAnswers: true, notes: true, wrappedUpAt: true },
      });
      expect(row).toMatchObject({
        disposition: "followUp",
        wrapUpAnswers: { topic: "Late fee" },
        notes: "Call back on Friday.",
      });
      // The caller's consent is withdrawn on the call's record, as the agent said.
      expect(
        await db.consentRecord.findMany({
          where: { tenantId: tenant.id, call: { providerCallId: second.CallSid } },
          select: { granted: true, method: true },
        }),
      ).toEqual([{ granted: false, method: "agent" }]);
    } finally {
      await db.$disconnect();
    }
  });

  it("an admin adds a webhook, keeps its secret, sees the call's end delivered signed, and deletes it", async () => {
    await ownerPage.goto(`${base}/webhooks`);
    await ownerPage.getByRole("heading", { name: "Webhooks" }).waitFor();
    await ownerPage.getByText("No webhooks yet.").waitFor();
    await ownerPage.getByRole("button", { name: "Add a webhook" }).click();
    const form = ownerPage.getByRole("form", { name: "Add a webhook" });
    await form.getByLabel("Address").fill("http://");
    await form.getByLabel("A call starts").check();
    await form.getByLabel("A call ends, with its outcome").uncheck();
    await form.getByLabel("A call starts").uncheck();
    expect(await form.getByRole("button", { name: "Add webhook" }).isDisabled()).toBe(true);
    await form.getByLabel("A call ends, with its outcome").check();
    await form.getByLabel("What it is for").fill("CRM call log");
    await form.getByLabel("Address").fill(receiver.url);
    await form.getByRole("button", { name: "Add webhook" }).click();
    const notice = ownerPage.getByRole("region", { name: "Signing secret" });
    await notice.waitFor();
    const secret = (await notice.getByLabel("The signing secret").innerText()).trim();
    expect(secret.length).toBeGreaterThan(20);
    await shot(ownerPage, "webhook-secret-1440x900");
    const problems = await seriousViolations(ownerPage);
    expect(problems, describeViolations("webhooks, secret shown", problems)).toEqual([]);
    await notice.getByRole("button", { name: "I have kept it" }).click();
    await notice.waitFor({ state: "detached" });

    // The second caller hangs up: the call's end goes to the address, signed with the secret.
    await twilioWebhook("/twilio/status", { ...second, CallStatus: "completed", CallDuration: "95" });
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const [delivery] = receiver.received;
    const { t, v1 } = Object.fromEntries(delivery!.signature.split(",").map((part) => part.split("="))) as {
      t: string;
      v1: string;
    };
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${delivery!.body}`).digest("hex"));
    // The agent's outcome is in it (the call ended after the agent finished up).
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: "call.ended",
      data: { from: CALLER_TWO, disposition: "followUp" },
    });

    // The call's summary, written as it ended, keeps the outcome the agent chose.
    const db = createDb(process.env.DATABASE_URL ?? "", { max: 1 });
    try {
      const ended = () =>
        db.call.findFirst({
          where: { providerCallId: second.CallSid, outcome: { not: null } },
          select: { disposition: true },
        });
      await expect.poll(ended, { timeout: 20_000 }).toEqual({ disposition: "followUp" });
    } finally {
      await db.$disconnect();
    }

    const card = ownerPage.locator(`[data-webhook='${receiver.url}']`);
    await card.waitFor();
    expect(await card.innerText()).toContain("CRM call log");
    await ownerPage.reload();
    await expect.poll(() => card.innerText(), { timeout: 20_000 }).toContain("Delivered");
    expect(await card.innerText()).toContain("A call ends, with its outcome");
    await shot(ownerPage, "webhooks-1440x900");
    await ownerPage.setViewportSize({ width: 1280, height: 720 });
    await shot(ownerPage, "webhooks-1280x720");
    const listed = await seriousViolations(ownerPage);
    expect(listed, describeViolations("webhooks, deliveries", listed)).toEqual([]);
    await ownerPage.setViewportSize({ width: 1440, height: 900 });

    await card.getByRole("button", { name: "Delete" }).click();
    const confirm = ownerPage.getByRole("alertdialog", { name: "Delete this webhook?" });
    await confirm.getByRole("button", { name: "Delete webhook" }).click();
    await ownerPage.getByText("No webhooks yet.").waitFor();
  });

  it("a call the agent declines rings the next agent, and the agent who declined stays available", async () => {
    // A second agent in Billing, signed out for now.
    const bo = await owner.mutate<{ id: string }>("agents.create", { displayName: "Bo", extension: "102" });
    const queues = await owner.query<{ id: string; name: string }[]>("queues.list");
    const agents = await owner.query<{ id: string; displayName: string }[]>("agents.list");
    await owner.mutate("queues.setMembers", {
      queueId: queues.find((q) => q.name === "Billing")!.id,
      members: agents.filter((a) => ["Ada", "Bo"].includes(a.displayName)).map((a) => ({ agentId: a.id })),
    });
    await supervisorPage.reload();
    const boRow = supervisorPage.locator("tr[data-agent='Bo']");
    await expect.poll(() => boRow.innerText(), { timeout: 15_000 }).toContain("Signed out");

    await agentPage.getByLabel("Your status").selectOption("available");
    await agentPage.getByText("Waiting for a call.").waitFor();
    const third = { ...call, CallSid: `CA${randomBytes(16).toString("hex")}`, From: CALLER_THREE };
    const mark = conferences.participants.length;
    await walkIntoBilling(third);
    const ringing = agentPage.getByRole("article", { name: "Incoming call" });
    await ringing.waitFor({ timeout: 20_000 });
    expect(await ringing.innerText()).toContain(CALLER_THREE);

    // Bo becomes free while Ada's phone rings; Ada declines and the caller goes to Bo.
    await boRow.getByLabel("Change Bo's status").selectOption("available");
    await expect.poll(() => boRow.innerText(), { timeout: 15_000 }).toContain("Available");
    await ringing.getByRole("button", { name: "Decline" }).click();
    await ringing.waitFor({ state: "detached" });
    await expect
      .poll(() => since(mark).some((p) => p.form.get("Label") === `agent-${bo.id}`), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => boRow.innerText(), { timeout: 15_000 }).toContain("Phone ringing");
    const ada = supervisorPage.locator("tr[data-agent='Ada']");
    await expect.poll(() => ada.innerText(), { timeout: 15_000 }).toContain("Available");
    await agentPage.getByText("Waiting for a call.").waitFor();
    await shot(supervisorPage, "wallboard-declined-1440x900");

    await twilioWebhook("/twilio/status", { ...third, CallStatus: "completed", CallDuration: "30" });
    await expect.poll(() => boRow.innerText(), { timeout: 15_000 }).not.toContain("Phone ringing");
  });
});
