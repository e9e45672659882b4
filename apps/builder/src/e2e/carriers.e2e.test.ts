import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  lamlPath,
  signalWireAnswers,
  startFakeCarrier,
  telnyxAnswers,
  telnyxTestPublicKey,
} from "@ringflow/platform/testing/fake-carrier";
import { mutate, type Product } from "./product.ts";
import { startScratchProduct } from "./scratch-product.ts";
import { ARTIFACTS, CHROMIUM, hasChromium } from "./stack.ts";

/**
 * SignalWire and Telnyx in the builder, against the product as `npm start` runs it with both carriers' REST APIs
 * on loopback: an admin connects each (Telnyx first with a key it refuses), tests them, imports their numbers,
 * binds one to a flow (the carrier's number or TeXML application pointed at the runtime, as the fake carriers
 * recorded), is told what Telnyx cannot do in that flow, names a backup for outgoing calls and reads the health.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`carriers e2e skipped: ${skipReason}`);

const PROJECT = randomUUID();
const LAML = lamlPath(PROJECT);
const APP_ID = "1293384261075731499";
const GOOD_KEY = "KEY0123456789ABCDEF";
const PUBLIC_KEY = telnyxTestPublicKey();

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `carriers-${name}.png`), fullPage: true });

describe.skipIf(skipReason !== null)("SignalWire and Telnyx in the builder", () => {
  let product: Product;
  let close: (() => Promise<void>) | undefined;
  let sw: Awaited<ReturnType<typeof startFakeCarrier>>;
  let tx: Awaited<ReturnType<typeof startFakeCarrier>>;
  // The key Telnyx accepts: changed mid-test, as when an admin rotates it at Telnyx.
  let telnyxKey = GOOD_KEY;
  // Telnyx having a bad hour: every request answered 503.
  let telnyxOutage = false;
  beforeAll(async () => {
    sw = await startFakeCarrier(
      signalWireAnswers({ id: PROJECT, friendlyName: "Acme support" }, [
        { id: "PN-sw-1", e164: "+14155550170", friendlyName: "Front desk" },
        { id: "PN-sw-2", e164: "+14155550172", friendlyName: "Billing line" },
      ]),
    );
    const telnyxApi = telnyxAnswers({
      apiKey: () => telnyxKey,
      applicationId: APP_ID,
      numbers: [{ id: "pn-tx-1", e164: "+14155550171" }],
    });
    tx = await startFakeCarrier((request) =>
      telnyxOutage
        ? { status: 503, body: { errors: [{ title: "Service Unavailable" }] } }
        : telnyxApi(request),
    );
    // A database of its own: the runtime reads every account of the deployment.
    ({ product, close } = await startScratchProduct("carriers", {
      SIGNALWIRE_API_BASE_URL: sw.url,
      TELNYX_API_BASE_URL: tx.url,
      RUNTIME_PUBLIC_URL: "https://rt1.example.com",
      RUNTIME_FALLBACK_URL: "https://rt2.example.com",
    }));
  }, 240_000);
  afterAll(async () => {
    await close?.();
    await sw?.close();
    await tx?.close();
  });

  it(
    "connects both, tests them, imports and binds their numbers, names a backup and shows the health",
    { timeout: 180_000 },
    async () => {
      const page = await product.demoPage({ width: 1440, height: 900 });
      await page.goto(`${product.base}/providers`);
      const form = page.getByRole("form", { name: "Connect a provider" });
      // An account's card by its name (another card may name it as its backup).
      const card = (name: string) =>
        page.locator("li.card").filter({ has: page.locator("strong").getByText(name, { exact: true }) });

      // SignalWire.
      await form.getByLabel("Provider").selectOption({ label: "SignalWire" });
      await form.getByLabel("Name").fill("SignalWire");
      await form.getByLabel("Space address").fill("acme.signalwire.com");
      await form.getByLabel("Project ID").fill(PROJECT);
      await form.getByLabel("API token", { exact: true }).fill("PT0123456789abcdef");
      await form.getByRole("button", { name: "Connect" }).click();
      const swCard = card("SignalWire");
      await swCard.getByRole("button", { name: "Test connection" }).waitFor();

      // Telnyx: a key Telnyx refuses is said in words and nothing is created; the right one connects.
      await form.getByLabel("Provider").selectOption({ label: "Telnyx" });
      await form.getByLabel("Name").fill("Telnyx");
      await form.getByLabel("API key").fill("KEY-not-this-one");
      await form.getByLabel("TeXML application ID").fill(APP_ID);
      await form.getByLabel(/^Public key/).fill(PUBLIC_KEY);
      await form.getByRole("button", { name: "Connect" }).click();
      const refusal = form.getByRole("alert");
      await refusal.waitFor();
      expect(await refusal.innerText()).toMatch(
        /^Telnyx refused these credentials: check the API key and the TeXML application ID\. .*Authentication failed/,
      );
      expect(await card("Telnyx").count()).toBe(0);
      await form.getByLabel("API key").fill(GOOD_KEY);
      await form.getByRole("button", { name: "Connect" }).click();
      const txCard = card("Telnyx");
      await txCard.getByRole("button", { name: "Test connection" }).waitFor();

      // Test connection: each carrier's own answer; a key revoked at Telnyx is a refusal in words.
      await swCard.getByRole("button", { name: "Test connection" }).click();
      await swCard
        .getByText(/^Connected to the SignalWire project "Acme support" \(active\)\. Tested /)
        .waitFor();
      await txCard.getByRole("button", { name: "Test connection" }).click();
      await txCard.getByText('Connected to the Telnyx TeXML application "Ringflow".').waitFor();
      telnyxKey = "KEY-rotated-in-telnyx";
      await txCard.getByRole("button", { name: "Test connection" }).click();
      await txCard
        .getByText(
          /^Not connected\. Telnyx refused the API key and the TeXML application ID: check them in your Telnyx account\. /,
        )
        .waitFor();
      telnyxKey = GOOD_KEY;
      await txCard.getByRole("button", { name: "Test connection" }).click();
      await txCard.getByText('Connected to the Telnyx TeXML application "Ringflow".').waitFor();
      expect(tx.requests.filter((r) => r.path === `/texml_applications/${APP_ID}`).length).toBe(5);

      // Each account's last minute, in words.
      for (const account of [swCard, txCard])
        await account.getByText("Working normally in the last minute.").waitFor();

      // Numbers listed by each carrier and imported.
      await swCard.getByRole("button", { name: "Numbers on this account" }).click();
      await swCard.getByText("Billing line").waitFor();
      await swCard.getByRole("checkbox", { name: /\+14155550170/ }).check();
      await swCard.getByRole("button", { name: "Add 1 number to the workspace" }).click();
      await swCard.getByText("already in this workspace").waitFor();
      await txCard.getByRole("button", { name: "Numbers on this account" }).click();
      await txCard.getByRole("checkbox", { name: /\+14155550171/ }).check();
      await txCard.getByRole("button", { name: "Add 1 number to the workspace" }).click();
      await txCard.getByText("already in this workspace").waitFor();

      // Outgoing calls: SignalWire backs Telnyx up.
      await txCard
        .getByLabel("When this account cannot place a call, use")
        .selectOption({ label: "SignalWire" });
      await expect
        .poll(() => txCard.getByLabel("When this account cannot place a call, use").inputValue(), {
          timeout: 10_000,
        })
        .not.toBe("");

      // Telnyx has a bad hour: five failed requests within the minute mark it down, and the card says where
      // its outgoing calls go meanwhile.
      telnyxOutage = true;
      const failed = () => tx.requests.filter((r) => r.path === `/texml_applications/${APP_ID}`).length - 5;
      for (let attempt = 1; attempt <= 5; attempt++) {
        await txCard.getByRole("button", { name: "Test connection" }).click();
        await expect.poll(failed, { timeout: 10_000 }).toBe(attempt);
        await txCard.getByRole("button", { name: "Test connection" }).waitFor();
      }
      await txCard
        .getByText("Not connected. The trouble is at Telnyx: try again in a few minutes.", { exact: false })
        .waitFor();
      const health = txCard.getByTestId("provider-health");
      await health
        .getByText("Not working: outgoing calls go out through SignalWire until “Test connection” succeeds.")
        .waitFor();
      await shot(page, "providers-1440x900");
      const small = await product.demoPage({ width: 1280, height: 720 });
      await small.goto(`${product.base}/providers`);
      await small.getByText(/^Not working: outgoing calls go out through SignalWire/).waitFor();
      await shot(small, "providers-1280x720");
      // Telnyx answers again: Test connection brings the account back; the minute's failures still show.
      telnyxOutage = false;
      await txCard.getByRole("button", { name: "Test connection" }).click();
      await health.getByText("Some requests failed in the last minute.").waitFor();
      expect(await swCard.getByTestId("provider-health").innerText()).toBe(
        "Working normally in the last minute.",
      );

      // A published flow that records its calls, in the flow's Numbers panel: both numbers answer with it.
      const flow = await mutate<{ id: string }>(page, product.base, "flows.create", {
        name: "Support line",
        templateId: "supportQueue",
      });
      await mutate(page, product.base, "flows.publish", { flowId: flow.id, changelog: "First." });
      sw.requests.length = 0;
      tx.requests.length = 0;
      await page.getByRole("link", { name: "Flows" }).click();
      await page.getByRole("link", { name: "Support line" }).click();
      await page.locator(".editor-actions").getByRole("button", { name: "Numbers" }).click();
      const panel = page.getByRole("complementary", { name: "Phone numbers" });
      const numberCard = (e164: string) => panel.locator("li.card").filter({ hasText: e164 });

      await numberCard("+14155550170").getByRole("button", { name: "Answer with this flow" }).click();
      await numberCard("+14155550170").getByText("Answers with this flow.").waitFor();
      expect(sw.requests.map((r) => [r.method, r.path])).toEqual([
        ["POST", `${LAML}/IncomingPhoneNumbers/PN-sw-1.json`],
      ]);
      expect(Object.fromEntries(new URLSearchParams(sw.requests[0]!.body))).toMatchObject({
        VoiceUrl: "https://rt1.example.com/signalwire/voice",
        VoiceFallbackUrl: "https://rt2.example.com/signalwire/voice",
      });

      await numberCard("+14155550171").getByRole("button", { name: "Answer with this flow" }).click();
      await numberCard("+14155550171").getByText("Answers with this flow.").waitFor();
      expect(tx.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
        ["PATCH", `/texml_applications/${APP_ID}`, `Bearer ${GOOD_KEY}`],
        ["PATCH", "/phone_numbers/pn-tx-1", `Bearer ${GOOD_KEY}`],
      ]);
      expect(JSON.parse(tx.requests[0]!.body)).toMatchObject({
        voice_url: "https://rt1.example.com/telnyx/voice",
        voice_fallback_url: "https://rt2.example.com/telnyx/voice",
      });
      expect(JSON.parse(tx.requests[1]!.body)).toEqual({ connection_id: APP_ID });

      // What Telnyx cannot do in this flow, said to the admin who bound the number.
      const cannot = panel.getByRole("status").filter({ hasText: "answers with this flow, but" });
      await cannot.waitFor();
      expect(await cannot.innerText()).toMatch(
        /\+14155550171 answers with this flow, but:\s+Callers on Telnyx numbers cannot get past ".+": Telnyx cannot start recording in the middle of a call\./,
      );
      await shot(page, "numbers-1440x900");

      // The flow's own validation says it too, on the toolbar and in Problems, here and in a fresh editor.
      const telnyxProblem =
        'Callers on Telnyx numbers cannot get past "Start recording": Telnyx cannot start recording in the middle of a call.';
      await page.getByRole("button", { name: "0 errors · 1 warning" }).click();
      await page.getByRole("region", { name: "Problems" }).getByText(telnyxProblem).waitFor();
      await small.goto(page.url());
      await small.getByRole("button", { name: "0 errors · 1 warning" }).click();
      await small.getByRole("region", { name: "Problems" }).getByText(telnyxProblem).waitFor();
      await shot(small, "problems-1280x720");
      await small.locator(".editor-actions").getByRole("button", { name: "Numbers" }).click();
      await small
        .getByRole("complementary", { name: "Phone numbers" })
        .locator("li.card")
        .filter({ hasText: "+14155550171" })
        .getByText("Answers with this flow.")
        .waitFor();
      await shot(small, "numbers-1280x720");
    },
  );
});
