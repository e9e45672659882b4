import { can } from "../../trpc.ts";
import { flowTemplates, type FlowTemplateId } from "@ringflow/flow-schema/templates";

export const listTemplatesProcedure = can("flows.read").query(() =>
  Object.entries(flowTemplates).map(([id, template]) => ({
    id: id as FlowTemplateId,
    label: template.label,
  })),
);
