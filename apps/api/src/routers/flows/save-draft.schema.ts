import { z } from "zod";
import { documentPayloadSchema, idSchema, revisionSchema } from "../common.schema.ts";

export const saveDraftSchema = z.object({
  flowId: idSchema,
  /** The revision the editor loaded; saving over a newer one is a CONFLICT carrying the newer draft. */
  revision: revisionSchema,
  document: documentPayloadSchema,
});

export type SaveDraftInput = z.infer<typeof saveDraftSchema>;
