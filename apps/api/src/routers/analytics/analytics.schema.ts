import { z } from "zod";
import { boundedInt, idSchema } from "../common.schema.ts";

const daySchema = z.iso.date({ error: "Expected a day, e.g. 2026-01-31." });
const MAX_DAYS = 400;
/** Local days, both included, in the tenant's time zone. */
const days = { from: daySchema, to: daySchema };

/** A range that ends after it begins and spans at most MAX_DAYS. */
function checkRange(d: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (d.from > d.to)
    ctx.addIssue({ code: "custom", message: "The range ends before it begins.", path: ["to"] });
  else if (Date.parse(d.to) - Date.parse(d.from) > MAX_DAYS * 86_400_000)
    ctx.addIssue({ code: "custom", message: `Ask for at most ${MAX_DAYS} days at once.`, path: ["to"] });
}

const versionSchema = boundedInt(1, 1_000_000);
const insights = z.object({ ...days, flowId: idSchema, version: versionSchema.optional() });
const volume = z.object({ ...days, flowId: idSchema.optional(), numberId: idSchema.optional() });
const queues = z.object({ ...days, queueId: idSchema.optional() });
const agents = z.object({ ...days, agentId: idSchema.optional() });

export const insightsSchema = insights.superRefine(checkRange);
export const compareVersionsSchema = z
  .object({ ...days, flowId: idSchema, before: versionSchema, after: versionSchema })
  .superRefine(checkRange);
export const volumeSchema = volume.superRefine(checkRange);
export const funnelSchema = insightsSchema;
export const queueReportSchema = queues.superRefine(checkRange);
export const agentReportSchema = agents.superRefine(checkRange);

export const flowCsvSchema = z
  .discriminatedUnion("report", [
    volume.extend({ report: z.literal("volume") }),
    insights.extend({ report: z.literal("funnel") }),
  ])
  .superRefine(checkRange);
export const contactCenterCsvSchema = z
  .discriminatedUnion("report", [
    queues.extend({ report: z.literal("queues") }),
    agents.extend({ report: z.literal("agents") }),
  ])
  .superRefine(checkRange);
