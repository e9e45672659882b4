import { can } from "../../trpc.ts";
import { loadDocument } from "../../services/flows/versions.ts";
import { runCases } from "../../services/test-cases/run-cases.ts";
import { flowRefSchema } from "./flow-ref.schema.ts";

/** The draft's cases played on the draft as saved: what the builder shows beside Test call after each save. */
export const runTestCasesProcedure = can("flows.read")
  .input(flowRefSchema)
  .query(async ({ ctx, input }) =>
    runCases(
      ctx.db,
      ctx.tenantId,
      input.flowId,
      await loadDocument(ctx.db, ctx.tenantId, input.flowId, "draft"),
    ),
  );
