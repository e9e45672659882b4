import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@ringflow/db";
import { DEMO_LOGIN, mutate, query, type Product } from "./product.ts";
import { startScratchProduct } from "./scratch-product.ts";
import { startSipRegistrar } from "./sip-registrar.ts";
import { ARTIFACTS, CHROMIUM, hasChromium } from "./stack.ts";

/**
 * An Asterisk server in the builder, against the product as `npm start` runs it: the runtime's connection
 * state said on the Providers page (here a refusal, the runtime may not reach a loopback PBX), browser phone
 * settings and the agents' endpoints, an extension added in a flow's Numbers panel, and the Calls page
 * naming each call's provider.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`asterisk e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("Asterisk in the builder", () => {
  let product: Product;
  let page: Page;
  let db: Db;
  let close: (() => Promise<void>) | undefined;
  let registrar: Awaited<ReturnType<typeof startSipRegistrar>> | undefined;
  // The runtime connects to every Asterisk account of the deployment: a database of its own.
  beforeAll(async () => {
    ({ product, page, db, close } = await startScratchProduct("asterisk"));
  }, 240_000);
  afterAll(async () => {
    await registrar?.close();
    await close?.();
  });

  it(
    "shows the live connection, sets up browser phones, takes an extension, names providers on Calls, and the desktop registers over WSS",
    { timeout: 180_000 },
    async () => {
      const pbx = await mutate<{ id: string }>(page, product.base, "providers.create", {
        kind: "ASTERISK",
        name: "Office PBX",
        asterisk: {
          ariUrl: "http://127.0.0.1:9/ari",
          username: "ringflow",
          password: "ari-secret",
          applicationName: `ringflow-${randomBytes(3).toString("hex")}`,
        },
      });
      const me = await query<{ activeTenant: { id: string } }>(page, product.base, "auth.me", undefined);
      const tenantId = me.activeTenant.id;
      await db.agent.create({ data: { tenantId, displayName: "Ana Lopez", extension: "1001" } });

      // The runtime looks at the accounts every 30 s; the page asks again every 15 s.
      await page.goto(`${product.base}/providers`);
      const card = page.locator("li.card").filter({ hasText: "Office PBX" });
      await card
        .getByTestId("connection-state")
        .filter({ hasText: /^Live connection: Refused: / })
        .waitFor({ timeout: 90_000 });
      expect(await card.getByTestId("connection-state").innerText()).toMatch(
        /may not connect to this address/,
      );

      await card.getByRole("button", { name: "Browser phone settings" }).click();
      const form = card.getByRole("form", { name: "Browser phones" });
      await form
        .getByLabel("Secure WebSocket address of the phone system")
        .fill("https://pbx.example.com/ws");
      await form.getByRole("button", { name: "Turn on browser phones" }).click();
      await form.getByText("The browser phones' address looks like wss://pbx.example.com:8089/ws.").waitFor();
      await form
        .getByLabel("Secure WebSocket address of the phone system")
        .fill("wss://pbx.example.com:8089/ws");
      await form.getByRole("button", { name: "Add a STUN or TURN server" }).click();
      await form.getByLabel("STUN or TURN server").fill("stun:stun.example.com:3478");
      await form.getByRole("button", { name: "Turn on browser phones" }).click();
      await card
        .getByText("Browser phones: on. Agents' desktops connect to wss://pbx.example.com:8089/ws.")
        .waitFor();
      await card.getByRole("button", { name: "Agents' phone settings for the phone system" }).click();
      const endpoints = card.getByLabel("Agents' phone settings");
      await endpoints.waitFor();
      expect(await endpoints.inputValue()).toContain("[1001](ringflow-webrtc)");
      await page.screenshot({
        path: path.join(ARTIFACTS, "asterisk-providers-1280x720.png"),
        fullPage: true,
      });

      // An extension, in the Numbers panel of a flow, through the Asterisk server.
      await page.getByRole("link", { name: "Flows" }).click();
      await page.getByRole("link", { name: "Main menu" }).click();
      await page.locator(".editor-actions").getByRole("button", { name: "Numbers" }).click();
      const panel = page.getByRole("complementary", { name: "Phone numbers" });
      await panel.getByLabel("Calls arrive through").selectOption({ label: "Office PBX" });
      await panel.getByLabel("Add a number").fill("1000");
      await panel.getByRole("button", { name: "Add number" }).click();
      const extension = panel.locator("li.card").filter({ hasText: "1000" });
      await extension.getByText("Office PBX").waitFor();

      // The Calls page names each call's provider.
      for (const provider of ["ASTERISK", "TWILIO"] as const)
        await db.call.create({
          data: {
            tenantId,
            provider,
            providerCallId: `e2e-${randomBytes(8).toString("hex")}`,
            providerAccountId: provider === "ASTERISK" ? pbx.id : null,
            direction: "INBOUND",
            fromNumber: provider === "ASTERISK" ? "1001" : "+14155550100",
            toNumber: provider === "ASTERISK" ? "1000" : "+14155550199",
            status: "COMPLETED",
            endedAt: new Date(),
            durationSeconds: 12,
          },
        });
      await page.goto(`${product.base}/calls`);
      const table = page.locator("table");
      await table.getByRole("columnheader", { name: "Through" }).waitFor();
      const row = (to: string) =>
        table.locator("tr").filter({ has: page.getByRole("cell", { name: to, exact: true }) });
      expect(await row("1000").innerText()).toContain("Asterisk");
      expect(await row("+14155550199").innerText()).toContain("Twilio");
      await row("1000").getByRole("link").first().click();
      await page.getByRole("heading", { name: "1001 → 1000" }).waitFor();
      expect(await page.locator("main").innerText()).toMatch(/Asterisk · /);

      // The agent's desktop registers its browser phone to the PBX over WSS, with the password Ringflow gave it.
      const admin = await db.membership.findFirstOrThrow({
        where: { tenantId, user: { email: DEMO_LOGIN.email } },
      });
      await db.agent.updateMany({ where: { tenantId, extension: "1001" }, data: { membershipId: admin.id } });
      const passwords = new Map<string, string>();
      registrar = await startSipRegistrar(passwords);
      await mutate(page, product.base, "providers.setBrowserPhones", {
        id: pbx.id,
        browserPhones: { wssUrl: registrar.url, iceServers: [] },
      });
      const sip = await mutate<{ uri: string; password: string }>(page, product.base, "desktop.sipPhone", {});
      expect(sip.uri).toBe("sip:1001@127.0.0.1");
      passwords.set("1001", sip.password);
      const desk = await product.demoPage({ width: 1280, height: 720 }, { ignoreHTTPSErrors: true });
      await desk.goto(`${product.base}/desktop`);
      await desk.getByText("Browser phone ready").waitFor({ timeout: 30_000 });
      expect(registrar.registrations).toContainEqual({ user: "1001", accepted: true });

      // A password the PBX does not know: the desktop says the phone system refused it.
      passwords.set("1001", "not-the-password");
      await desk.reload();
      await desk.getByText(/^Browser phone off: The phone system did not accept the browser phone/).waitFor();
      expect(registrar.registrations.at(-1)).toEqual({ user: "1001", accepted: false });
    },
  );
});
