import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import { buildApiServer } from "../../server.ts";
import { outboxMailer, readOutbox } from "./mail-outbox.ts";

describe("mail outbox (MAIL_OUTBOX_DIR)", () => {
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const redis = createRedis();
  const root = mkdtempSync(path.join(os.tmpdir(), "ringflow-outbox-test-"));
  // Not created yet: the mailer makes it on the first mail.
  const outbox = path.join(root, "outbox");
  const lines: { msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const origin = "http://127.0.0.1:3000";
  let app: Awaited<ReturnType<typeof buildApiServer>>;

  const post = (url: string, payload: object, cookie?: string) =>
    app.inject({
      method: "POST",
      url,
      headers: { origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      payload,
    });

  beforeAll(async () => {
    app = await buildApiServer({ db, redis, logger, mailer: outboxMailer(outbox, logger) });
  });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
    await redis.quit();
    rmSync(root, { recursive: true, force: true });
  });

  it("has nothing to read before the first mail", async () => {
    expect(await readOutbox(outbox)).toEqual([]);
  });

  it("writes the sign-up link as a JSON file, logs where without the link, and the link signs in once", async () => {
    const email = `outbox-${Date.now()}@test.ringflow`;
    const signUp = await post("/trpc/auth.signUp", {
      email,
      password: "correct horse battery",
      name: "Olive",
      workspaceName: "Outbox Co",
    });
    expect(signUp.json().result.data).toEqual({ status: "confirmation-sent", email });

    const mails = await readOutbox(outbox);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({ to: email, subject: "Confirm your Ringflow account" });
    expect(Date.now() - Date.parse(mail!.at)).toBeLessThan(60_000);
    const token = new URL(/http\S+/.exec(mail!.text)![0]).searchParams.get("token")!;
    expect(mail!.text).toContain(`${origin}/sign-up/confirm?token=${token}`);
    // Only finished files: nothing half-written is left beside them.
    expect(readdirSync(outbox).filter((name) => !name.endsWith(".json"))).toEqual([]);

    const logged = lines.find((line) => line.msg.startsWith(`mail to ${email}`))!;
    expect(logged.msg).toContain(outbox);
    expect(JSON.stringify(lines)).not.toContain(token);

    const confirm = await post("/trpc/auth.confirmSignUp", { token });
    expect(confirm.statusCode).toBe(200);
    const cookie = String(confirm.headers["set-cookie"]).split(";")[0]!;
    const me = await app.inject({ method: "GET", url: "/trpc/auth.me", headers: { cookie } });
    expect(me.json().result.data).toMatchObject({ activeTenant: { name: "Outbox Co" } });

    const again = await post("/trpc/auth.confirmSignUp", { token });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toBe(
      "This confirmation link has expired or was used already; sign up again.",
    );
  });

  it("files the notice to an email that has an account after the earlier mails", async () => {
    const email = `outbox-twice-${Date.now()}@test.ringflow`;
    const input = { email, password: "correct horse battery", name: "Olive", workspaceName: "Twice" };
    await post("/trpc/auth.signUp", input);
    const token = /token=([\w-]+)/.exec((await readOutbox(outbox)).at(-1)!.text)![1]!;
    await post("/trpc/auth.confirmSignUp", { token });
    await post("/trpc/auth.signUp", input);

    const mine = (await readOutbox(outbox)).filter((mail) => mail.to === email);
    expect(mine.map((mail) => mail.subject)).toEqual([
      "Confirm your Ringflow account",
      "You already have a Ringflow account",
    ]);
  });
});
