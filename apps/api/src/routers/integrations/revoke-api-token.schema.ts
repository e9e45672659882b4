import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const revokeApiTokenSchema = z.object({ tokenId: idSchema });
