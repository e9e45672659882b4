import { uploadAsset } from "../../services/assets/assets.ts";
import { can } from "../../trpc.ts";
import { uploadAssetSchema } from "./upload-asset.schema.ts";

/** An MP3 or WAV file for Play blocks, stored encrypted with the workspace. */
export const uploadAssetProcedure = can("flows.edit")
  .input(uploadAssetSchema)
  .mutation(({ ctx, input }) =>
    uploadAsset(ctx.db, ctx.tenantId, {
      name: input.name,
      bytes: Buffer.from(input.contentBase64, "base64"),
      createdById: ctx.user?.id ?? null,
    }),
  );
