import { z } from "zod";
import { boundedText } from "../common.schema.ts";

/** A hard cap on what is decoded at all (the request limit); the 3 MB rule is said in words after decoding. */
const MAX_BASE64 = 4.5 * 1024 * 1024;

export const uploadAssetSchema = z.object({
  name: boundedText(200).trim().min(1, { error: "Give the file a name." }),
  contentBase64: z
    .string()
    .max(MAX_BASE64, { error: "The file is too large; audio for a Play block can be at most 3 MB." })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: "The file did not arrive whole; try uploading it again." }),
});
