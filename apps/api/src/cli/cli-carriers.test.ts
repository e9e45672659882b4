import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { startFakeCarrier } from "@ringflow/platform/testing/fake-carrier";
import { unique } from "../testing/harness.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/ringflow.mjs");
const run = promisify(execFile);
const APP_ID = String(2_000_000_000_000 + Math.floor(Math.random() * 1e12));
const PUBLIC_KEY = generateKeyPairSync("ed25519")
  .publicKey.export({ format: "der", type: "spki" })
  .subarray(12)
  .toString("base64");

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
    run(
      process.execPath,
      [
        BIN,
        "--yes",
        "setup",
        "--workspace",
        workspace,
        "--email",
        `${unique("telnyx")}@test.ringflow`,
        "--name",
        "A",
        "--provider",
        "telnyx",
        "--telnyx-application",
        APP_ID,
        "--telnyx-public-key",
        PUBLIC_KEY,
        "--test",
      ],
      {
        env: {
          ...process.env,
          TELNYX_API_BASE_URL: telnyx.url,
          TELNYX_API_KEY: apiKey,
          RINGFLOW_PASSWORD: "correct horse battery",
          LOG_LEVEL: "silent",
        },
      },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
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
