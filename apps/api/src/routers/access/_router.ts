import { router } from "../../trpc.ts";
import { getMatrixProcedure } from "./get-matrix.ts";
import { setPermissionProcedure } from "./set-permission.ts";

export const accessRouter = router({
  matrix: getMatrixProcedure,
  setPermission: setPermissionProcedure,
});
