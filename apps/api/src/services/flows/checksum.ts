import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { FlowDocument } from "@ringflow/flow-schema";

/** The same document always hashes the same, whatever the key order it was stored with. */
export function documentChecksum(document: FlowDocument): string {
  return createHash("sha256")
    .update(canonicalize(document) ?? "")
    .digest("hex");
}
