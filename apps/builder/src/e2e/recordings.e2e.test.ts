import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, toJson } from "@ringflow/db";
import { LocalObjectStore, REDACTED, storeAudio } from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { describeViolations, seriousViolations } from "./axe.ts";
import { mutate, startProduct, type Product } from "./product.ts";
import { ARTIFACTS, CHROMIUM, hasChromium } from "./stack.ts";

/**
 * A call's recording, consent record and transcript on its detail page, the Calls page's search over what
 * callers said and a voicemail listed with its transcript, the Recordings page (what will be deleted when,
 * legal hold) and the desktop's voicemail and callback, in Chromium against the product as `npm start` runs
 * it (the recording stored encrypted where the API reads it).
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
  let tenantId: string;
  /** Every call this file makes, removed afterwards (the demo workspace outlives a run). */
  const made: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-e2e-recordings-"));
    product = await startProduct({ RECORDINGS_DIR: dir });
    page = await product.demoPage({ width: 1280, height: 800 });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: "demo" } });
    tenantId = tenant.id;
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
    made.push(call.id);
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
    made.push(voicemail.id);
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
    await db.call.deleteMany({ where: { tenantId, id: { in: made } } });
    await db.agent.deleteMany({ where: { tenantId, extension: "e2e-retention" } });
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

  it("shows admins what will be deleted when, and keeps a call on legal hold", async () => {
    // Twelve calls whose recordings are due at 03:00 UTC in three days: the 03:17 run that day deletes them.
    const now = new Date();
    const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3, 3, 0));
    const calls = [];
    for (let i = 0; i < 12; i++) {
      const call = await db.call.create({
        data: {
          tenantId,
          provider: "TWILIO",
          providerCallId: `CA${randomBytes(16).toString("hex")}`,
          direction: "INBOUND",
          fromNumber: `+1415555${String(300 + i).padStart(4, "0")}`,
          toNumber: "+15005550006",
          status: "COMPLETED",
          outcome: "hangup",
          startedAt: new Date(due.getTime() - 90 * 86_400_000),
        },
      });
      made.push(call.id);
      calls.push(call);
      await db.recording.create({
        data: { tenantId, callId: call.id, status: "AVAILABLE", copiedAt: new Date(), deleteAfter: due },
      });
    }
    // That run's day in a time zone, in words (Intl here, not the builder's code).
    const run = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate(), 3, 17));
    const dayIn = (timeZone: string) => {
      const local = (options: Intl.DateTimeFormatOptions) =>
        run.toLocaleDateString("en-GB", { ...options, timeZone });
      const year = local({ year: "numeric" });
      return `${local({ weekday: "long" })} ${local({ day: "numeric", month: "long" })}${
        year !== String(now.getFullYear()) ? ` ${year}` : ""
      }`;
    };
    const zoneBefore = (await db.analyticsSetting.findUnique({ where: { tenantId } }))?.timeZone ?? "UTC";
    const day = dayIn(zoneBefore);

    await page.goto(`${product.base}/`);
    await page
      .getByRole("navigation", { name: "Sections" })
      .getByRole("link", { name: "Recordings" })
      .click();
    const upcoming = page.getByRole("region", { name: "Coming deletions" });
    await upcoming.getByText(`12 recordings will be deleted on ${day}.`).waitFor();
    await page
      .getByRole("region", { name: "How long recordings are kept" })
      .getByText(/kept for \d+ days after the call/)
      .waitFor();

    // Keep the first of them: it leaves the day's count and is listed as kept, with the reason.
    const soonest = page.getByRole("region", { name: "Deleted soonest" });
    const first = calls[0]!;
    await soonest
      .getByRole("row", { name: new RegExp(`\\${first.fromNumber}`) })
      .getByRole("button", { name: "Keep this call" })
      .click();
    const form = page.getByRole("form", { name: "Keep a call" });
    await form.getByLabel("Why it is kept").fill("Case 2026-114");
    await form.getByRole("button", { name: "Keep it" }).click();
    await upcoming.getByText(`11 recordings will be deleted on ${day}.`).waitFor();
    const holds = page.getByRole("region", { name: "Kept on legal hold" });
    await holds.getByText(new RegExp(`Call from \\${first.fromNumber} .*: Case 2026-114\\.`)).waitFor();
    expect((await db.call.findUniqueOrThrow({ where: { id: first.id } })).legalHoldReason).toBe(
      "Case 2026-114",
    );
    expect(
      await db.auditLog.count({ where: { tenantId, action: "call.legal-hold", targetId: first.id } }),
    ).toBe(1);
    const problems = await seriousViolations(page);
    expect(problems, describeViolations("Recordings page", problems)).toEqual([]);
    // The page as seen (scrolled to the form), then the lists each on their own.
    await page.screenshot({ path: path.join(ARTIFACTS, "recordings-retention-1280x800.png") });
    await soonest.screenshot({ path: path.join(ARTIFACTS, "recordings-retention-soonest.png") });
    await holds.screenshot({ path: path.join(ARTIFACTS, "recordings-retention-holds.png") });

    await holds
      .getByRole("listitem")
      .filter({ hasText: first.fromNumber })
      .getByRole("button", { name: "Release" })
      .click();
    await upcoming.getByText(`12 recordings will be deleted on ${day}.`).waitFor();

    // An admin moves the workspace to Honolulu on the Reports page: the 03:17 UTC run falls on the evening
    // before there, and the Recordings page says so.
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Reports" }).click();
    const zone = page.getByLabel("Days begin at midnight in");
    await zone.fill("Pacific/Honolulu");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved: past days are counted again shortly.").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "recordings-reports-time-zone-1280x800.png") });
    await page
      .getByRole("navigation", { name: "Sections" })
      .getByRole("link", { name: "Recordings" })
      .click();
    await upcoming.getByText(`12 recordings will be deleted on ${dayIn("Pacific/Honolulu")}.`).waitFor();
    expect(dayIn("Pacific/Honolulu")).not.toBe(dayIn("UTC"));
    await db.analyticsSetting.update({ where: { tenantId }, data: { timeZone: zoneBefore } });

    // The workspace keeps recordings for 2 days instead: made today, all are due in two days (a warning first).
    const before = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    await page.reload();
    await page.getByRole("button", { name: "Change the rule" }).click();
    const rule = page.getByRole("form", { name: "The workspace's rule" });
    await rule.getByLabel("Keep recordings for (days)").fill("2");
    await rule.getByText("Recordings older than this are deleted at the next daily clean-up").waitFor();
    await rule.getByRole("button", { name: "Save" }).click();
    await page.getByText(/kept for 2 days after the call/).waitFor();
    const kept = await db.recording.findMany({
      where: { tenantId, deletedAt: null, deleteAfter: { not: null } },
      select: { createdAt: true, deleteAfter: true },
    });
    expect(kept.length).toBeGreaterThanOrEqual(12);
    for (const k of kept) expect(k.deleteAfter!.getTime() - k.createdAt.getTime()).toBe(2 * 86_400_000);
    await page.screenshot({ path: path.join(ARTIFACTS, "recordings-retention-rule-1280x800.png") });
    // Back as it was, through the API, so the demo's other recordings are dated as before.
    await mutate(page, product.base, "recordings.setRetention", {
      days: before.recordingRetentionDays,
      purgesCallDetails: before.retentionPurgesCallDetails,
      deletesAtProvider: before.deleteProviderRecordings,
    });
  }, 120_000);

  it("shows admins a recording whose copy failed, in the header and on the Recordings page, and retries it", async () => {
    const call = await db.call.create({
      data: {
        tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550145",
        toNumber: "+15005550006",
        status: "COMPLETED",
      },
    });
    made.push(call.id);
    const reason = "Twilio answered 401 when asked for the recording.";
    const failed = await db.recording.create({
      data: {
        tenantId,
        callId: call.id,
        status: "AVAILABLE",
        copyAttempts: 6,
        copyFailedAt: new Date(),
        copyError: reason,
      },
    });
    await page.goto(`${product.base}/`);
    const recordings = page
      .getByRole("navigation", { name: "Sections" })
      .getByRole("link", { name: "Recordings" });
    await recordings.getByText("recording not copied", { exact: false }).waitFor();
    await recordings.click();
    const banner = page.getByRole("alert", { name: "Recordings not copied" });
    await banner.getByText(reason, { exact: false }).waitFor();
    await banner.getByRole("button", { name: "Retry copying this call recording" }).first().click();
    // Queued again: the alert is cleared (the runtime's worker sets it back with its own reason if it fails again).
    await expect
      .poll(
        async () => (await db.recording.findFirstOrThrow({ where: { id: failed.id, tenantId } })).copyError,
      )
      .not.toBe(reason);
  }, 60_000);

  it("shows a voicemail's transcript and a callback request on the desktop", async () => {
    const membership = await db.membership.findFirstOrThrow({
      where: { tenantId, user: { email: "admin@demo.ringflow.test" } },
    });
    await db.agent.upsert({
      where: { membershipId: membership.id },
      create: {
        tenantId,
        membershipId: membership.id,
        displayName: "Demo Admin",
        extension: "e2e-retention",
      },
      update: {},
    });
    const callback = await db.call.create({
      data: {
        tenantId,
        provider: "TWILIO",
        providerCallId: `CA${randomBytes(16).toString("hex")}`,
        direction: "INBOUND",
        fromNumber: "+14155550144",
        toNumber: "+15005550006",
        status: "COMPLETED",
        queueOutcome: "callback",
      },
    });
    made.push(callback.id);
    await page.goto(`${product.base}/desktop`);
    const history = page.getByRole("region", { name: "My calls" });
    await history.getByText("Voicemail for pharmacy:").waitFor();
    await history.getByText("Please call me back about my benefits.").waitFor();
    await history.getByText("Callback confirmed for +14155550144.").waitFor();
    await history.getByRole("button", { name: "Call back +14155550144" }).click();
    expect(await page.getByLabel("Number", { exact: true }).inputValue()).toBe("+14155550144");
    const problems = await seriousViolations(page, ".history-table");
    expect(problems, describeViolations("Desktop history", problems)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "recordings-desktop-voicemail-1280x800.png") });
  }, 60_000);
});
