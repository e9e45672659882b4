import { z } from "zod";
import { e164Schema } from "../common.schema.ts";

export const placeCallSchema = z.object({
  to: e164Schema,
  /** The caller ID, one of `desktop.callerIds`. */
  from: e164Schema,
});
