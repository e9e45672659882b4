import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, generateKeySpec, openCredentials, parseKeyring } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createNode } from "@ringflow/flow-schema";
import { flowTemplates } from "@ringflow/flow-schema/templates";
import { studioIvrFixture } from "@ringflow/flow-schema/testing";
import { startFakeTwilio } from "../testing/fake-twilio.ts";
import { unique } from "../testing/harness.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/ringflow.mjs");
const run = promisify(execFile);

describe("the ringflow command, unattended", { timeout: 120_000 }, () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const dir = mkdtempSync(path.join(os.tmpdir(), "ringflow-cli-"));
  const slug = unique("cli");
  const sid = `AC${"e".repeat(24)}${Math.random().toString(16).slice(2, 10).padEnd(8, "0")}`;
  const numberE164 = `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let env: NodeJS.ProcessEnv;

  async function ringflow(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { ...env, ...extraEnv },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    twilio = await startFakeTwilio({
      sid,
      authToken: "cli-token",
      numbers: [{ sid: `PN${"9".repeat(32)}`, phoneNumber: numberE164, friendlyName: "CLI line" }],
    });
    env = {
      ...process.env,
      TWILIO_API_BASE_URL: twilio.url,
      RUNTIME_PUBLIC_URL: "https://rt.cli.test",
      LOG_LEVEL: "silent",
    };
  });
  afterAll(async () => {
    await twilio.close();
    await db.$disconnect();
  });

  it("says which flag is missing instead of waiting for an answer", async () => {
    const result = await ringflow(["--yes", "setup", "--workspace", "Half"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "ringflow: Missing --email. Pass it, or run the command in a terminal to be asked.",
    );
    expect(await db.tenant.count({ where: { name: "Half" } })).toBe(0);
  });

  it("sets up, adds people, imports, publishes and binds, then rotates the secret key", async () => {
    const email = `${slug}@test.ringflow`;
    const setup = await ringflow([
      "--yes",
      "setup",
      "--workspace",
      "CLI Co",
      "--slug",
      slug,
      "--email",
      email,
      "--name",
      "Cli Admin",
      "--password",
      "correct horse battery",
      "--provider",
      "twilio",
      "--twilio-account-sid",
      sid,
      "--twilio-auth-token",
      "cli-token",
      "--test",
    ]);
    expect(setup.stderr).toBe("");
    expect(setup.stdout).toContain(`Created workspace "CLI Co" (${slug}) owned by ${email}.`);
    expect(setup.stdout).toContain(
      'Connection test: ok: Connected to the Twilio account "Fake Co" (active).',
    );
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug }, include: { memberships: true } });
    expect(tenant.memberships.map((m) => m.role)).toEqual(["OWNER"]);

    const user = await ringflow([
      "user",
      "create",
      "--tenant",
      slug,
      "--email",
      `d-${email}`,
      "--name",
      "D",
      "--password",
      "another good one",
      "--role",
      "designer",
    ]);
    expect(user.stdout.trim()).toBe(`d-${email} is now designer of ${slug}.`);
    expect(
      (
        await ringflow([
          "user",
          "create",
          "--tenant",
          slug,
          "--email",
          `x-${email}`,
          "--role",
          "root",
          "--yes",
        ])
      ).stderr,
    ).toContain('Unknown role "root"');

    const studioFile = path.join(dir, "studio.json");
    writeFileSync(studioFile, JSON.stringify(studioIvrFixture));
    const studio = await ringflow([
      "--json",
      "flow",
      "import",
      studioFile,
      "--tenant",
      slug,
      "--name",
      "From Studio",
    ]);
    expect(JSON.parse(studio.stdout)).toMatchObject({
      format: "twilio-studio",
      flow: { name: "From Studio" },
    });

    const docFile = path.join(dir, "menu.ringflow.json");
    writeFileSync(docFile, JSON.stringify(flowTemplates.mainMenu.build()));
    expect(
      (await ringflow(["flow", "import", docFile, "--tenant", slug, "--name", "Menu"])).stdout,
    ).toContain('Imported "Menu" (ringflow)');
    const published = await ringflow(["flow", "publish", "Menu", "-m", "First version", "--tenant", slug]);
    expect(published.stdout.trim()).toBe('Published "Menu" version 1; it is live.');

    const broken = {
      ...flowTemplates.mainMenu.build(),
      nodes: [
        ...flowTemplates.mainMenu.build().nodes,
        { ...createNode("say", "oops"), params: { text: {} } },
      ],
    };
    writeFileSync(docFile, JSON.stringify(broken));
    await ringflow(["flow", "import", docFile, "--tenant", slug, "--name", "Broken"]);
    const refused = await ringflow(["flow", "publish", "Broken", "-m", "x", "--tenant", slug]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('node "oops": Enter the text to say.');

    twilio.requests.length = 0;
    const bound = await ringflow(["number", "bind", numberE164, "Menu", "--tenant", slug, "--add"]);
    expect(bound.stdout.trim()).toBe(`${numberE164} now answers with "Menu" (its live version).`);
    expect(twilio.requests.find((r) => r.method === "POST")?.form).toMatchObject({
      VoiceUrl: "https://rt.cli.test/twilio/voice",
      StatusCallback: "https://rt.cli.test/twilio/status",
    });
    const audit = await db.auditLog.findMany({ where: { tenantId: tenant.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorUserId === null])).toEqual(
      expect.arrayContaining([
        ["flow.publish", true],
        ["number.bind", true],
        ["provider.create", true],
      ]),
    );
    expect((await ringflow(["number", "bind", "+15550000000", "Menu", "--tenant", slug])).stderr).toContain(
      "+15550000000 is not in this workspace; add it in the builder, or pass --add.",
    );

    const newKey = generateKeySpec("rotated");
    const keys = `${newKey},${process.env.RINGFLOW_SECRET_KEYS}`;
    const rotated = await ringflow(["secrets", "rotate", "--tenant", slug], { RINGFLOW_SECRET_KEYS: keys });
    expect(rotated.stdout).toContain('Re-sealed 1 provider account(s) with key "rotated"');
    const lostKey = await ringflow(["secrets", "rotate", "--tenant", slug], {
      RINGFLOW_SECRET_KEYS: generateKeySpec("third"),
    });
    expect(lostKey.code).toBe(1);
    expect(lostKey.stdout).toContain('Secret key "rotated" is not in RINGFLOW_SECRET_KEYS');
    expect(lostKey.stdout).toContain("Put the missing keys back in RINGFLOW_SECRET_KEYS");
    const account = await db.providerAccount.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(account.credentialsKeyId).toBe("rotated");
    const onlyNewKey = parseKeyring(newKey);
    expect(onlyNewKey.activeKeyId).toBe("rotated");
    const previous = process.env.RINGFLOW_SECRET_KEYS;
    process.env.RINGFLOW_SECRET_KEYS = newKey;
    try {
      expect(openCredentials<{ authToken: string }>(account).authToken).toBe("cli-token");
    } finally {
      process.env.RINGFLOW_SECRET_KEYS = previous;
    }
  });

  it("seeds the demo workspace", async () => {
    const result = await ringflow(["seed", "demo"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo workspace/);
    expect(await db.tenant.count({ where: { slug: "demo" } })).toBe(1);
  });
});
