import { compileTenantRegex, type TenantRegex } from "@ringflow/flow-schema";
import { NodeFailure } from "./context.ts";

/** A tenant's pattern on the linear-time engine; one it cannot run fails the node with the reason. */
export function tenantRegex(pattern: string, flags = ""): TenantRegex {
  const compiled = compileTenantRegex(pattern, flags);
  if (!compiled.ok) throw new NodeFailure(`The pattern "${pattern}" cannot be used. ${compiled.error}`);
  return compiled.regex;
}
