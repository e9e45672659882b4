import { z } from "zod";
import { descriptionSchema, nameSchema } from "../common.schema.ts";
import { flowTemplates, type FlowTemplateId } from "@ringflow/flow-schema/templates";

export const createFlowSchema = z.object({
  name: nameSchema,
  description: descriptionSchema.optional(),
  /** Start from a template instead of a blank canvas. */
  templateId: z.enum(Object.keys(flowTemplates) as [FlowTemplateId, ...FlowTemplateId[]]).optional(),
});

export type CreateFlowInput = z.infer<typeof createFlowSchema>;
