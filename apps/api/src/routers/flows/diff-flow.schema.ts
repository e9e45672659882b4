import { z } from "zod";
import { idSchema, versionNumberSchema } from "../common.schema.ts";

/** The draft, or a version by its number. */
const documentRefSchema = z.union([z.literal("draft"), versionNumberSchema]);

export const diffFlowSchema = z.object({ flowId: idSchema, from: documentRefSchema, to: documentRefSchema });

export type DiffFlowInput = z.infer<typeof diffFlowSchema>;
