import { apiError } from "../../errors.ts";
import { can } from "../../trpc.ts";
import { recordAudit } from "../../services/audit/audit.ts";
import { listCalls } from "../../services/calls/calls.ts";
import { listCallsSchema } from "./list-calls.schema.ts";

export const listCallsProcedure = can("calls.read.all")
  .input(listCallsSchema)
  .query(async ({ ctx, input }) => {
    // Transcripts are what callers said: shown to, and searched by, those who may listen to recordings.
    const transcripts = ctx.permissions.includes("recordings.download");
    if (input.search && !transcripts)
      throw apiError(
        "FORBIDDEN",
        "Searching what callers said needs the permission to listen to recordings.",
      );
    const found = await listCalls(ctx.db, ctx.tenantId, input, { transcripts });
    // Who searched what, when: the words searched for and how many calls matched, never what matched.
    if (input.search && !input.cursor)
      await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
        action: "transcript.search",
        targetType: "transcripts",
        targetId: null,
        data: { query: input.search, calls: found.calls.length, more: found.nextCursor !== null },
      });
    return found;
  });
