import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, toJson } from "@ringflow/db";
import { LocalObjectStore, REDACTED, storeAudio } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { startProduct, type Product } from "./product.ts";
import { ARTIFACTS, CHROMIUM, hasChromium } from "./stack.ts";

/**
 * A call's recording, consent record and transcript on its detail page, the Calls page's search over what
 * callers said and a voicemail listed with its transcript, in Chromium against the product as `npm start`
 * runs it (the recording stored encrypted where the API reads it).
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`recordings e2e skipped: ${skipReason}`);

describe.skipIf(skipReason)("recordings in the builder", () => {
  let product: Product;
  let dir: string;
  let page: Page;
  const db = createDb(process.env.DATABASE_URL ?? "", { max: 2 });
  let callId: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-e2e-recordings-"));
    product = await startProduct({ RECORDINGS_DIR: dir });
    page = await product.demoPage({ width: 1280, height: 800 });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: "demo" } });
    const tenantId = tenant.id;
    const call = await db.call.create({
      data: {
        tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550142",
        toNumber: "+15005550006",
        status: "COMPLETED",
        outcome: "hangup",
        durationSeconds: 4,
      },
    });
    callId = call.id;
    const consent = await db.consentRecord.create({
      data: {
        tenantId,
        callId,
        nodeId: "consent",
        required: true,
        granted: true,
        method: "dtmf",
        callerState: "CA",
        rule: "all-party states: CA,FL,WA; caller in an all-party state",
        announcementText: "This call may be recorded for quality. Press 1 to agree.",
        digits: "1",
        at: new Date(),
      },
    });
    const id = randomUUID();
    const audio = await speak("I need a refill of my prescription before Friday.", { seconds: 4 });
    const stored = await storeAudio(new LocalObjectStore(dir), { tenantId, id }, audio, "audio/wav");
    await db.recording.create({
      data: {
        id,
        tenantId,
        callId,
        status: "AVAILABLE",
        durationSeconds: 4,
        consentRecordId: consent.id,
        ...stored,
        copiedAt: new Date(),
        deleteAfter: new Date(Date.now() + 90 * 86_400_000),
        transcript: `Pharmacy, how can I help? I need a refill of my prescription, my card is ${REDACTED.card}.`,
        transcriptTurns: toJson([
          { speaker: 0, startSeconds: 0, endSeconds: 1.4, text: "Pharmacy, how can I help?" },
          {
            speaker: 1,
            startSeconds: 1.6,
            endSeconds: 4,
            text: `I need a refill of my prescription, my card is ${REDACTED.card}.`,
          },
        ]),
        transcriptEngine: "cloud",
        transcriptLanguage: "en-US",
        transcribedAt: new Date(),
      },
    });
    const voicemail = await db.call.create({
      data: {
        tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550143",
        toNumber: "+15005550006",
        status: "COMPLETED",
        outcome: "voicemail",
      },
    });
    await db.recording.create({
      data: {
        tenantId,
        callId: voicemail.id,
        status: "AVAILABLE",
        kind: "voicemail",
        mailbox: "pharmacy",
        transcript: "Please call me back about my benefits.",
        transcribedAt: new Date(),
        transcriptEngine: "local",
      },
    });
  }, 240_000);

  afterAll(async () => {
    await product?.close();
    await db.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it("searches what callers said, lists a voicemail with its transcript, and shows a call's recording", async () => {
    await page.goto(`${product.base}/calls`);
    await page.getByText("Voicemail for pharmacy:").waitFor();
    expect(await page.getByText("Please call me back about my benefits.").count()).toBe(1);

    await page.getByLabel("Search what callers said").fill("prescriptions refill");
    await page.getByRole("button", { name: "Search" }).click();
    const match = page.locator(".transcript-match");
    await match.waitFor();
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await match.locator("mark").allInnerTexts()).toEqual(["refill", "prescription"]);
    await page.screenshot({ path: path.join(ARTIFACTS, "recordings-calls-search-1280x800.png") });

    await page.getByLabel("Search what callers said").fill("nobody said this");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText(`No call's transcript has "nobody said this".`).waitFor();

    await page.goto(`${product.base}/calls/${callId}`);
    const recording = page.getByRole("article", { name: "Call recording" });
    await recording.waitFor();
    const consent = recording.getByRole("definition");
    expect(await consent.allInnerTexts()).toEqual(
      expect.arrayContaining([
        "“This call may be recorded for quality. Press 1 to agree.”",
        "The caller pressed 1 and agreed. Calling from CA.",
        "all-party states: CA,FL,WA; caller in an all-party state",
      ]),
    );
    expect(await recording.locator(".transcript-turns li").allInnerTexts()).toEqual([
      "0:00 Speaker 1: Pharmacy, how can I help?",
      `0:01 Speaker 2: I need a refill of my prescription, my card is ${REDACTED.card}.`,
    ]);

    await recording.getByRole("button", { name: "Listen" }).click();
    const player = recording.getByLabel("Recording player");
    await player.waitFor();
    // The browser fetched and decoded the decrypted audio through the signed link.
    await page.waitForFunction(() => {
      const audio = document.querySelector<HTMLAudioElement>("audio");
      return audio !== null && audio.readyState >= 1 && audio.duration > 3;
    });
    const listens = await db.auditLog.count({
      where: { action: "recording.listen", targetType: "recording" },
    });
    expect(listens).toBeGreaterThan(0);
    await page.screenshot({
      path: path.join(ARTIFACTS, "recordings-call-detail-1280x800.png"),
      fullPage: true,
    });
  }, 120_000);
});
