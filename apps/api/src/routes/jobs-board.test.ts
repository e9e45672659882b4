import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@ringflow/access";
import { createRedis } from "@ringflow/platform";
import { buildApiServer } from "../server.ts";
import { createHarness } from "../testing/harness.ts";

describe("jobs view (Bull Board) for deployment admins", () => {
  const h = createHarness();
  // A key prefix of its own: the board shows exactly this test's queues.
  const keyPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}jobs-${randomUUID().slice(0, 6)}:`;
  const redis = createRedis(undefined, { keyPrefix });
  const connection = redis.duplicate({ keyPrefix: "", maxRetriesPerRequest: null });
  const queueName = "recording-transcription";
  let queue: Queue;
  let app: Awaited<ReturnType<typeof buildApiServer>>;
  let admin: Awaited<ReturnType<typeof h.workspace>>;
  let owner: Awaited<ReturnType<typeof h.workspace>>;
  let failedJobId: string;

  beforeAll(async () => {
    admin = await h.workspace("deployment-admin");
    owner = await h.workspace("tenant-owner");
    queue = new Queue(queueName, { connection, prefix: `${keyPrefix}bull` });
    const job = await queue.add("transcribe", { recordingId: "r1" }, { attempts: 1 });
    failedJobId = job.id!;
    const worker = new Worker(
      queueName,
      async () => {
        throw new Error("The local engine cannot run: sox is not installed.");
      },
      { connection: connection.duplicate(), prefix: `${keyPrefix}bull` },
    );
    await new Promise<void>((resolve) => worker.once("failed", () => resolve()));
    await worker.close();
    app = await buildApiServer({
      db: h.db,
      redis,
      config: h.config,
      deploymentAdmins: new Set([admin.email.toUpperCase()].map((e) => e.toLowerCase())),
    });
  });
  afterAll(async () => {
    await app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await redis.quit();
    await h.close();
  });

  const as = (token: string | null) => (token ? { cookie: `${SESSION_COOKIE}=${token}` } : {});

  it("refuses without a session, and refuses a workspace owner who is not a deployment admin", async () => {
    const anonymous = await app.inject({ method: "GET", url: "/admin/jobs" });
    expect(anonymous.statusCode).toBe(401);
    const tenantOwner = await app.inject({
      method: "GET",
      url: "/admin/jobs/api/queues",
      headers: as(owner.token),
    });
    expect(tenantOwner.statusCode).toBe(403);
    expect(tenantOwner.json()).toEqual({
      error: "Only the deployment's admins (RINGFLOW_DEPLOYMENT_ADMINS) may see its jobs.",
    });
    expect(tenantOwner.body).not.toContain(queueName);
  });

  it("shows a deployment admin the queues, the failure with its error, and retries it", async () => {
    const page = await app.inject({ method: "GET", url: "/admin/jobs", headers: as(admin.token) });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("Ringflow jobs");

    const listed = await app.inject({
      method: "GET",
      url: "/admin/jobs/api/queues?activeQueue=recording-transcription&status=failed&page=1",
      headers: as(admin.token),
    });
    expect(listed.statusCode).toBe(200);
    const queues = (
      listed.json() as {
        queues: {
          name: string;
          counts: Record<string, number>;
          jobs: { id: string; failedReason: string }[];
        }[];
      }
    ).queues;
    const found = queues.find((q) => q.name === queueName);
    expect(found?.counts.failed).toBe(1);
    expect(found?.jobs[0]).toMatchObject({
      id: failedJobId,
      failedReason: "The local engine cannot run: sox is not installed.",
    });

    const retryUrl = `/admin/jobs/api/queues/${queueName}/${failedJobId}/retry`;
    const forged = await app.inject({
      method: "PUT",
      url: retryUrl,
      headers: { ...as(admin.token), origin: "https://evil.example" },
    });
    expect(forged.statusCode).toBe(403);
    expect((await queue.getJobCounts("failed")).failed).toBe(1);

    const retried = await app.inject({
      method: "PUT",
      url: retryUrl,
      headers: { ...as(admin.token), origin: new URL(h.config.publicUrl).origin },
    });
    expect(retried.statusCode).toBe(204);
    expect(await (await queue.getJob(failedJobId))?.getState()).toBe("waiting");
  });
});
