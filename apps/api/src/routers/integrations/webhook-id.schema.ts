import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const webhookIdSchema = z.object({ endpointId: idSchema });
