import type * as z from "zod";
import { fieldMeta, schemaAt } from "../params-meta.ts";

export type ProblemCode =
  | "invalid-document"
  | "duplicate-node-id"
  | "unknown-kind"
  | "newer-kind-version"
  | "invalid-params"
  | "no-start"
  | "several-starts"
  | "edge-missing-source"
  | "edge-missing-target"
  | "edge-unknown-port"
  | "port-connected-twice"
  | "unknown-error-handler"
  | "unreachable-node"
  | "unconnected-port"
  | "duplicate-variable"
  | "undeclared-variable"
  | "invalid-template"
  | "template-too-costly"
  | "unknown-reference"
  | "unknown-node-output"
  | "stale-reference"
  | "maybe-unset-reference"
  | "endless-loop"
  | "loop-without-wait"
  | "unknown-subflow"
  | "subflow-cycle"
  | "recording-without-consent"
  | "missing-translation"
  | "branch-never-taken"
  | "condition-always-true"
  | "condition-always-false"
  | "superseded-answer"
  | "provider-unsupported"
  | "text-too-long";

export interface Problem {
  severity: "error" | "warning";
  code: ProblemCode;
  /** Plain English an admin can act on. */
  message: string;
  nodeId?: string;
  /**
   * Where: inside the node for params and ports (["params", "options", 0, "dtmf"], ["ports", "noMatch"]);
   * in the document for the rest (["edges", 3], ["variables", 0, "name"], ["settings", "onError"]).
   */
  path?: (string | number)[];
}

/** A zod issue in a node's params as a plain-English problem, naming the field by its form label. */
export function paramsProblem(nodeId: string, schema: z.ZodType, issue: z.core.$ZodIssue): Problem {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const label = fieldMeta(schemaAt(schema, path) ?? schema)?.label ?? humanize(path);
  const missing = issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined;
  return {
    severity: "error",
    code: "invalid-params",
    nodeId,
    path: ["params", ...path],
    message: missing
      ? `${label} is required.`
      : issue.code === "custom"
        ? issue.message
        : `${label}: ${issue.message}`,
  };
}

function humanize(path: (string | number)[]): string {
  const last = [...path].reverse().find((p) => typeof p === "string");
  if (!last) return "Settings";
  const words = last.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
