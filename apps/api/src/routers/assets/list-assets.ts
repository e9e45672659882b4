import { listAssets } from "../../services/assets/assets.ts";
import { can } from "../../trpc.ts";

export const listAssetsProcedure = can("flows.read").query(({ ctx }) =>
  listAssets(ctx.db, ctx.tenantId, ctx.config.publicUrl),
);
