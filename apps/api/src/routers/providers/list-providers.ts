import { adminProcedure } from "../../trpc.ts";
import { listProviders } from "../../services/providers/providers.ts";

export const listProvidersProcedure = adminProcedure.query(({ ctx }) => listProviders(ctx.db, ctx.tenantId));
