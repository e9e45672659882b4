import { apiError } from "../../errors.ts";
import { can } from "../../trpc.ts";
import { listCalls } from "../../services/calls/calls.ts";
import { listCallsSchema } from "./list-calls.schema.ts";

export const listCallsProcedure = can("calls.read.all")
  .input(listCallsSchema)
  .query(({ ctx, input }) => {
    // Transcripts are what callers said: shown to, and searched by, those who may listen to recordings.
    const transcripts = ctx.permissions.includes("recordings.download");
    if (input.search && !transcripts)
      throw apiError(
        "FORBIDDEN",
        "Searching what callers said needs the permission to listen to recordings.",
      );
    return listCalls(ctx.db, ctx.tenantId, input, { transcripts });
  });
