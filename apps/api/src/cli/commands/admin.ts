import type { Command } from "commander";
import { generateKeySpec } from "@ringflow/db";
import { DEMO, seedDemo } from "../../services/demo/seed-demo.ts";
import { rotateSecrets } from "../../services/secrets/rotate.ts";
import { resolveTenant } from "../resolve.ts";
import { action } from "../run.ts";

export function registerAdmin(program: Command) {
  program
    .command("seed")
    .description("sample data")
    .command("demo")
    .description("create the demo workspace (once): an owner, a published main-menu flow and a bound number")
    .action(
      action(async (ctx) => {
        const result = await seedDemo(ctx.db);
        ctx.print(
          result,
          result.created
            ? `Created the demo workspace. Sign in as ${DEMO.email} / ${DEMO.password}.`
            : "The demo workspace is already there.",
        );
      }),
    );

  const secrets = program
    .command("secrets")
    .description("the keys that seal provider credentials and recordings' keys");
  secrets
    .command("rotate")
    .description(
      "re-seal every provider account's credentials and recording's key with the first key of RINGFLOW_SECRET_KEYS",
    )
    .option("--tenant <slug>", "only this workspace's accounts (default: every workspace)")
    .action(
      action(async (ctx, o: { tenant?: string }) => {
        const tenant = o.tenant ? await resolveTenant(ctx.db, o.tenant) : null;
        const result = await rotateSecrets(ctx.db, { tenantId: tenant?.id });
        const failed =
          result.failed.length +
          result.recordings.failed.length +
          result.transcriptionKeys.failed.length +
          result.webhookSecrets.failed.length;
        if (failed) process.exitCode = 1;
        ctx.print(
          result,
          [
            `Re-sealed ${result.resealed} provider account(s) with key "${result.activeKeyId}"; ${result.alreadyCurrent} already used it.`,
            ...result.failed.map(
              (f) => `  could not open account ${f.id} (workspace ${f.tenantId}): ${f.error}`,
            ),
            `Re-sealed ${result.recordings.resealed} recording key(s) (the audio stays as it is); ${result.recordings.alreadyCurrent} already used it.`,
            ...result.recordings.failed.map(
              (f) => `  could not open recording ${f.id} (workspace ${f.tenantId}): ${f.error}`,
            ),
            `Re-sealed ${result.transcriptionKeys.resealed} transcription service key(s); ${result.transcriptionKeys.alreadyCurrent} already used it.`,
            ...result.transcriptionKeys.failed.map(
              (f) => `  could not open the transcription key of workspace ${f.tenantId}: ${f.error}`,
            ),
            `Re-sealed ${result.webhookSecrets.resealed} webhook signing secret(s); ${result.webhookSecrets.alreadyCurrent} already used it.`,
            ...result.webhookSecrets.failed.map(
              (f) => `  could not open the secret of webhook ${f.id} (workspace ${f.tenantId}): ${f.error}`,
            ),
            failed
              ? "Put the missing keys back in RINGFLOW_SECRET_KEYS (after the first) and run this again."
              : "Keys that are not first may now leave RINGFLOW_SECRET_KEYS.",
          ].join("\n"),
        );
      }),
    );
  secrets
    .command("new-key")
    .description("print a new key entry to put first in RINGFLOW_SECRET_KEYS before `secrets rotate`")
    .option("--id <id>", "the key id")
    .action((o: { id?: string }) => console.log(generateKeySpec(o.id)));

  program
    .command("tenant")
    .description("workspaces")
    .command("list")
    .description("list the workspaces")
    .action(
      action(async (ctx) => {
        const tenants = await ctx.db.tenant.findMany({
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            slug: true,
            name: true,
            _count: { select: { memberships: true, flows: true } },
          },
        });
        ctx.print(
          tenants,
          tenants
            .map((t) => `${t.slug}\t${t.name}\t${t._count.memberships} member(s)\t${t._count.flows} flow(s)`)
            .join("\n") || "No workspace yet. Create one with: ringflow setup",
        );
      }),
    );
}
