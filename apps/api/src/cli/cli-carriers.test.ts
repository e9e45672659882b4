import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import {
  signalWireAnswers,
  startFakeCarrier,
  telnyxTestPublicKey,
} from "@ringflow/platform/testing/fake-carrier";
import { unique } from "../testing/harness.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/ringflow.mjs");
const run = promisify(execFile);
const APP_ID = String(2_000_000_000_000 + Math.floor(Math.random() * 1e12));
const PUBLIC_KEY = telnyxTestPublicKey();

type Ran = { code: number; stdout: string; stderr: string };
/** `ringflow --yes setup …` with the administrator's password and the carrier's settings in the environment. */
const setupCommand = (args: string[], env: Record<string, string>): Promise<Ran> =>
  run(process.execPath, [BIN, "--yes", "setup", "--name", "A", ...args], {
    env: { ...process.env, RINGFLOW_PASSWORD: "correct horse battery", LOG_LEVEL: "silent", ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: Ran) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("ringflow setup with Telnyx, unattended", { timeout: 120_000 }, () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  let telnyx: Awaited<ReturnType<typeof startFakeCarrier>>;
  beforeAll(async () => {
    telnyx = await startFakeCarrier((request) =>
      request.path === `/texml_applications/${APP_ID}` && request.authorization === "Bearer KEY-cli-good"
        ? { status: 200, body: { data: { id: APP_ID, friendly_name: "CLI app", active: true } } }
        : { status: 401, body: { errors: [{ detail: "Authentication failed" }] } },
    );
  });
  afterAll(async () => {
    await telnyx.close();
    await db.$disconnect();
  });

  const setup = (workspace: string, apiKey: string) =>
    setupCommand(
      [
        ...["--workspace", workspace, "--email", `${unique("telnyx")}@test.ringflow`],
        ...["--provider", "telnyx", "--telnyx-application", APP_ID, "--telnyx-public-key", PUBLIC_KEY],
        "--test",
      ],
      { TELNYX_API_BASE_URL: telnyx.url, TELNYX_API_KEY: apiKey },
    );

  it("refuses a key Telnyx refuses before creating anything, then connects and tests the application", async () => {
    const name = unique("Telnyx Co");
    const refused = await setup(name, "KEY-cli-bad");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Telnyx refused these credentials");
    expect(await db.tenant.count({ where: { name } })).toBe(0);

    const done = await setup(name, "KEY-cli-good");
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(
      'Connection test: ok: Connected to the Telnyx TeXML application "CLI app".',
    );
    const account = await db.providerAccount.findFirstOrThrow({
      where: { kind: "TELNYX", externalId: APP_ID },
    });
    expect(account.credentials).not.toContain("KEY-cli-good");
  });
});

describe(
  "ringflow setup with SignalWire, unattended: tested, and the account's numbers imported",
  { timeout: 120_000 },
  () => {
    const db = createDb(testDatabaseUrl(), { max: 2 });
    const project = randomUUID();
    const token = "PT-cli-good-token";
    let signalWire: Awaited<ReturnType<typeof startFakeCarrier>>;
    beforeAll(async () => {
      const answers = signalWireAnswers({ id: project, friendlyName: "CLI project" }, [
        { id: "PN-cli-1", e164: "+14155550180", friendlyName: "Front desk" },
        { id: "PN-cli-2", e164: "+14155550181", friendlyName: "Billing" },
      ]);
      const basic = `Basic ${Buffer.from(`${project}:${token}`).toString("base64")}`;
      signalWire = await startFakeCarrier((request) =>
        request.authorization === basic
          ? answers(request)
          : { status: 401, body: { message: "Authentication Failed" } },
      );
    });
    afterAll(async () => {
      await signalWire.close();
      await db.$disconnect();
    });

    const setup = (workspace: string, email: string, apiToken: string, more: string[] = []) =>
      setupCommand(
        [
          ...["--workspace", workspace, "--email", email, "--provider", "signalwire"],
          ...["--signalwire-space", "acme.signalwire.com", "--signalwire-project", project],
          ...["--test", "--import-numbers", ...more],
        ],
        { SIGNALWIRE_API_BASE_URL: signalWire.url, SIGNALWIRE_API_TOKEN: apiToken },
      );

    it("refuses a token SignalWire refuses, then connects, tests and imports; a re-run imports nothing twice", async () => {
      const name = unique("SignalWire Co");
      const email = `${unique("signalwire")}@test.ringflow`;
      const refused = await setup(name, email, "PT-not-this-one");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("SignalWire refused these credentials");
      expect(await db.tenant.count({ where: { name } })).toBe(0);

      const done = await setup(name, email, token);
      expect(done.stderr).toBe("");
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(
        'Connection test: ok: Connected to the SignalWire project "CLI project" (active).',
      );
      expect(done.stdout).toContain("Added 2 numbers: +14155550180, +14155550181.");
      const account = await db.providerAccount.findFirstOrThrow({
        where: { kind: "SIGNALWIRE", externalId: project },
      });
      const numbers = await db.phoneNumber.findMany({
        where: { tenantId: account.tenantId },
        orderBy: { e164: "asc" },
        select: { e164: true, providerSid: true, providerAccountId: true, friendlyName: true },
      });
      expect(numbers).toEqual([
        {
          e164: "+14155550180",
          providerSid: "PN-cli-1",
          providerAccountId: account.id,
          friendlyName: "Front desk",
        },
        {
          e164: "+14155550181",
          providerSid: "PN-cli-2",
          providerAccountId: account.id,
          friendlyName: "Billing",
        },
      ]);

      const again = await setup(name, email, token, ["--if-exists", "reuse"]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("Already in the workspace: +14155550180, +14155550181.");
      expect(await db.phoneNumber.count({ where: { tenantId: account.tenantId } })).toBe(2);
    });
  },
);
