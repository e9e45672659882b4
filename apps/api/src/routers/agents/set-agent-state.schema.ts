import { z } from "zod";
import { agentChoiceSchema } from "@ringflow/queues";
import { idSchema } from "../common.schema.ts";

/** The state to set; `agentId` only for supervisors setting someone else's (an agent sets their own). */
export const setAgentStateSchema = z.object({ agentId: idSchema.optional(), choice: agentChoiceSchema });
export type SetAgentStateInput = z.infer<typeof setAgentStateSchema>;
