import { router } from "../../trpc.ts";
import { listAssetsProcedure } from "./list-assets.ts";
import { uploadAssetProcedure } from "./upload-asset.ts";

export const assetsRouter = router({
  list: listAssetsProcedure,
  upload: uploadAssetProcedure,
});
