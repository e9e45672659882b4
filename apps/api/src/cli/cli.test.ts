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

  async function ringflow(args: string[], extraEnv: NodeJS.ProcessEnv = {}, stdin?: string) {
    try {
      const child = run(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv } });
      // Always close standard input, as a script's pipe would: a secret flag reading it must not hang.
      child.child.stdin?.end(stdin ?? "");
      const { stdout, stderr } = await child;
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

  describe("setup and providers, checked before anything is created", () => {
    const admin = (label: string) => ["--email", `${unique(label)}@test.ringflow`, "--name", "A"];
    const twilioFlags = ["--provider", "twilio", "--twilio-account-sid", sid];

    it("refuses a malformed Account SID and a token Twilio refuses, creating nothing", async () => {
      const bogus = await ringflow(
        [
          "--yes",
          "setup",
          "--workspace",
          "Bogus Co",
          ...admin("bogus"),
          "--password",
          "correct horse battery",
        ].concat(["--provider", "twilio", "--twilio-account-sid", "bogus", "--twilio-auth-token", "t"]),
      );
      expect(bogus.code).toBe(1);
      expect(bogus.stderr).toContain('"bogus" is not an Account SID: it is AC followed by 32 hex digits.');
      const refused = await ringflow(
        ["--yes", "setup", "--workspace", "Bogus Co", ...admin("refused"), ...twilioFlags],
        { RINGFLOW_PASSWORD: "correct horse battery", TWILIO_AUTH_TOKEN: "made-up" },
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("Twilio refused these credentials");
      expect(await db.tenant.count({ where: { name: "Bogus Co" } })).toBe(0);
    });

    it("reuses the workspace on a re-run, or makes a second one, or fails, as --if-exists says", async () => {
      const email = `${unique("rerun")}@test.ringflow`;
      const setup = (...extra: string[]) =>
        ringflow(
          ["--json", "--yes", "setup", "--workspace", "Rerun Co", "--email", email, "--name", "R", ...extra],
          {
            RINGFLOW_PASSWORD: "correct horse battery",
          },
        );
      const first = JSON.parse((await setup()).stdout) as { tenantId: string; reused: boolean };
      expect(first.reused).toBe(false);
      const again = JSON.parse((await setup()).stdout) as { tenantId: string; reused: boolean };
      expect(again).toMatchObject({ tenantId: first.tenantId, reused: true });
      const owned = { name: "Rerun Co", memberships: { some: { user: { email } } } };
      expect(await db.tenant.count({ where: owned })).toBe(1);
      const failed = await setup("--if-exists", "fail");
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.stderr)).toEqual({
        error: { message: expect.stringContaining('Workspace "Rerun Co"') },
      });
      expect((await setup("--if-exists", "new")).code).toBe(0);
      expect(await db.tenant.count({ where: owned })).toBe(2);
    });

    it("adds a provider to an existing workspace, the token read from standard input", async () => {
      const ownSlug = unique("prov");
      const created = await ringflow(
        ["--yes", "setup", "--workspace", "Prov Co", "--slug", ownSlug, ...admin("prov"), "--password-stdin"],
        {},
        "correct horse battery\n",
      );
      expect(created.stderr).toBe("");
      const accountSid = `AC${"c".repeat(24)}${Math.random().toString(16).slice(2, 10).padEnd(8, "0")}`;
      twilio.addAccount({ sid: accountSid, authToken: "piped-token", numbers: [] });
      const add = (token: string) =>
        ringflow(
          ["--json", "provider", "add", "--tenant", ownSlug, "--provider", "twilio"].concat([
            "--twilio-account-sid",
            accountSid,
            "--auth-token-stdin",
            "--test",
          ]),
          {},
          `${token}\n`,
        );
      const wrong = await add("not-it");
      expect(wrong.code).toBe(1);
      expect(JSON.parse(wrong.stderr).error).toMatchObject({
        code: "BAD_REQUEST",
        message: /Twilio refused/,
      });
      const added = await add("piped-token");
      expect(added.stderr).toBe("");
      expect(JSON.parse(added.stdout)).toMatchObject({ kind: "TWILIO", test: { ok: true } });
      const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: ownSlug } });
      const account = await db.providerAccount.findFirstOrThrow({ where: { tenantId: tenant.id } });
      expect(account.externalId).toBe(accountSid);
      expect(openCredentials<{ authToken: string }>(account).authToken).toBe("piped-token");
    });

    it("shows a subcommand's help, and prints errors as JSON with --json", async () => {
      const help = await ringflow(["help", "number", "bind"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: ringflow number bind [options] <number> <flow>");
      expect(help.stdout).toContain("--pin <version>");
      const missing = await ringflow(["--json", "number", "bind"]);
      expect(missing.code).not.toBe(0);
      expect(JSON.parse(missing.stderr)).toEqual({
        error: { message: "missing required argument 'number'" },
      });
      const unknown = await ringflow([
        "--json",
        "flow",
        "publish",
        "Nope",
        "-m",
        "x",
        "--tenant",
        "no-such-ws",
      ]);
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stderr)).toEqual({
        error: { message: expect.stringContaining('No workspace "no-such-ws"') },
      });
    });
  });
});
