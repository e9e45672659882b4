import type { z } from "zod";
import { idSchema } from "../common.schema.ts";
import { agentFieldsSchema } from "./create-agent.schema.ts";

export const updateAgentSchema = agentFieldsSchema.partial().extend({ agentId: idSchema });
export type UpdateAgentInput = z.infer<typeof updateAgentSchema>;
