import { z } from "zod";
import { idSchema, versionNumberSchema } from "../common.schema.ts";

export const bindNumberSchema = z.object({
  phoneNumberId: idSchema,
  flowId: idSchema,
  /** Pin to one version (a staging number); left out, the number follows the live version. */
  pinnedVersionNumber: versionNumberSchema.optional(),
});

export type BindNumberInput = z.infer<typeof bindNumberSchema>;
