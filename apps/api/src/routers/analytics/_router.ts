import { router } from "../../trpc.ts";
import { compareVersionsProcedure } from "./compare-versions.ts";
import { contactCenterCsvProcedure, flowCsvProcedure } from "./export-csv.ts";
import { getAgentReportProcedure } from "./get-agent-report.ts";
import { getFunnelProcedure } from "./get-funnel.ts";
import { getInsightsProcedure } from "./get-insights.ts";
import { getQueueReportProcedure } from "./get-queue-report.ts";
import { getVolumeProcedure } from "./get-volume.ts";
import { getTimeZoneProcedure } from "./get-time-zone.ts";
import { setTimeZoneProcedure } from "./set-time-zone.ts";

export const analyticsRouter = router({
  insights: getInsightsProcedure,
  compareVersions: compareVersionsProcedure,
  volume: getVolumeProcedure,
  funnel: getFunnelProcedure,
  queueReport: getQueueReportProcedure,
  agentReport: getAgentReportProcedure,
  flowCsv: flowCsvProcedure,
  contactCenterCsv: contactCenterCsvProcedure,
  timeZone: getTimeZoneProcedure,
  setTimeZone: setTimeZoneProcedure,
});
