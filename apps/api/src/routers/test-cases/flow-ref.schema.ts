import { z } from "zod";
import { idSchema } from "../common.schema.ts";

/** The flow whose draft's test cases a procedure reads or runs. */
export const flowRefSchema = z.object({ flowId: idSchema });
