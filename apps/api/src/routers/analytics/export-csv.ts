import { can } from "../../trpc.ts";
import { toCsv } from "../../services/analytics/csv.ts";
import { agentReport, funnelReport, queueReport, volumeReport } from "../../services/analytics/reports.ts";
import { contactCenterCsvSchema, flowCsvSchema } from "./analytics.schema.ts";

const file = (name: string, input: { from: string; to: string }, csv: string) => ({
  filename: `${name}-${input.from}-to-${input.to}.csv`,
  csv,
});

/** Volume over time or a flow's funnel as CSV (who may read calls). */
export const flowCsvProcedure = can("calls.read.all")
  .input(flowCsvSchema)
  .query(async ({ ctx, input }) => {
    if (input.report === "volume") {
      const r = await volumeReport(ctx.db, ctx.tenantId, input);
      const columns = [
        "day",
        "calls",
        "ended",
        "averageDurationSeconds",
        "queued",
        "agentAnswered",
        "callerHungUp",
        "errors",
      ] as const;
      return file("call-volume", input, toCsv(columns, r.series));
    }
    const r = await funnelReport(ctx.db, ctx.tenantId, input);
    return file(
      `funnel-v${r.version.number}`,
      input,
      toCsv(["nodeId", "name", "entered", "hungUp", "share"], r.steps),
    );
  });

/** Queue service level or agent performance as CSV (who may see the wallboard). */
export const contactCenterCsvProcedure = can("wallboard.view")
  .input(contactCenterCsvSchema)
  .query(async ({ ctx, input }) => {
    if (input.report === "queues") {
      const r = await queueReport(ctx.db, ctx.tenantId, input);
      const columns = [
        "name",
        "offered",
        "answered",
        "abandoned",
        "shortAbandoned",
        "answeredWithinThreshold",
        "serviceLevel",
        "abandonRate",
        "averageSpeedOfAnswerSeconds",
        "averageHandleSeconds",
        "averageWrapUpSeconds",
        "averageHoldSeconds",
        "callbacks",
        "overflowed",
      ] as const;
      return file("queues", input, toCsv(columns, r.queues));
    }
    const r = await agentReport(ctx.db, ctx.tenantId, input);
    const rows = r.agents.map((a) => ({
      ...a,
      dispositions: Object.entries(a.dispositions)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; "),
    }));
    const columns = [
      "name",
      "handled",
      "averageHandleSeconds",
      "averageWrapUpSeconds",
      "averageHoldSeconds",
      "availability",
      "signedInSeconds",
      "dispositions",
    ] as const;
    return file("agents", input, toCsv(columns, rows));
  });
