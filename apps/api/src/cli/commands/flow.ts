import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { cliActor } from "../../services/audit/audit.ts";
import { importFlow, type ImportFormat } from "../../services/flows/import-export.ts";
import { loadDocument, publishFlow } from "../../services/flows/versions.ts";
import { runCases } from "../../services/test-cases/run-cases.ts";
import { CliError } from "../environment.ts";
import { resolveFlow, resolveTenant } from "../resolve.ts";
import { action } from "../run.ts";
import { testReport } from "../test-report.ts";

export function registerFlow(program: Command) {
  const flow = program.command("flow").description("call flows");
  flow
    .command("import <file>")
    .description("import a Ringflow document or a Twilio Studio flow definition (JSON) as a new flow's draft")
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)")
    .option("--name <name>", "the new flow's name (default: the document's)")
    .option("--format <format>", "ringflow or twilio-studio (default: detected)")
    .action(
      action(async (ctx, file: string, o: { tenant?: string; name?: string; format?: string }) => {
        if (o.format && o.format !== "ringflow" && o.format !== "twilio-studio")
          throw new CliError(`Unknown format "${o.format}": use ringflow or twilio-studio.`);
        const tenant = await resolveTenant(ctx.db, o.tenant);
        const content = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
          throw new CliError(
            `Cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
          );
        });
        const result = await importFlow(ctx.db, tenant.id, cliActor, {
          content,
          format: o.format as ImportFormat | undefined,
          name: o.name,
        });
        const errors = result.problems.filter((p) => p.severity === "error");
        ctx.print(
          result,
          [
            `Imported "${result.flow.name}" (${result.format}) as ${result.flow.id}.`,
            ...result.report.map((item) => `  note: ${JSON.stringify(item)}`),
            errors.length
              ? `${errors.length} problem(s) to fix before publishing; open it in the builder.`
              : `Publish it with: ringflow flow publish ${result.flow.id} -m "Imported"`,
          ].join("\n"),
        );
      }),
    );
  flow
    .command("publish <flow>")
    .description("publish a flow's draft (by name or id) as its next version and make it live")
    .requiredOption("-m, --message <changelog>", "what changed")
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)")
    .action(
      action(async (ctx, ref: string, o: { message: string; tenant?: string }) => {
        const tenant = await resolveTenant(ctx.db, o.tenant);
        const target = await resolveFlow(ctx.db, tenant.id, ref);
        const { version, warnings } = await publishFlow(ctx.db, tenant.id, cliActor, {
          flowId: target.id,
          changelog: o.message,
        });
        ctx.print(
          { flowId: target.id, version, warnings },
          `Published "${target.name}" version ${version.number}; it is live.${warnings.length ? ` (${warnings.length} warning(s))` : ""}`,
        );
      }),
    );
  flow
    .command("test <flow>")
    .description(
      "play a flow's test cases (by name or id) on its draft, or on a version with --version; exit code 1 when any fails",
    )
    .option(
      "--version <number>",
      "a published version, with the cases it was published with (default: the draft)",
    )
    .option("--tenant <slug>", "workspace slug or id (default: the only workspace)")
    .action(
      action(async (ctx, ref: string, o: { version?: string; tenant?: string }) => {
        const tenant = await resolveTenant(ctx.db, o.tenant);
        const target = await resolveFlow(ctx.db, tenant.id, ref);
        const version = o.version === undefined ? "draft" : Number(o.version);
        if (version !== "draft" && !(Number.isInteger(version) && version > 0))
          throw new CliError(`--version takes a version number, like 3 (got "${o.version}").`);
        const document = await loadDocument(ctx.db, tenant.id, target.id, version);
        const run = await runCases(ctx.db, tenant.id, target.id, document);
        const failing = run.results.filter((result) => !result.pass).length;
        ctx.print(
          { flowId: target.id, version, ...run, failing },
          testReport(target.name, version === "draft" ? "draft" : `version ${version}`, run),
        );
        // For CI pipelines: a failing (or unrunnable) case fails the step.
        if (failing > 0 || run.blocked) process.exitCode = 1;
      }),
    );
}
