import { z } from "zod";
import { idSchema, versionNumberSchema } from "../common.schema.ts";

export const getVersionSchema = z.object({ flowId: idSchema, number: versionNumberSchema });

export type GetVersionInput = z.infer<typeof getVersionSchema>;
