import * as z from "zod";
import { identifierSchema, languageTagSchema } from "./identifiers.ts";
import { testCaseSchema } from "./test-cases/test-case.ts";

/** Bump together with a new step in migrate.ts. */
export const CURRENT_SCHEMA_VERSION = 2;

export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const flowNodeSchema = z.object({
  id: identifierSchema,
  /** A key of the node catalog; unknown kinds are reported by validateFlow rather than rejected here. */
  kind: z.string().min(1),
  kindVersion: z.number().int().min(1),
  label: z.string().optional(),
  position: positionSchema,
  /** Checked against the kind's params schema by validateFlow and compileFlow. */
  params: z.record(z.string(), z.unknown()),
});

export const flowEdgeSchema = z.object({
  id: z.string().min(1),
  source: identifierSchema,
  sourcePort: z.string().min(1),
  target: identifierSchema,
});

export const variableTypeSchema = z.enum(["string", "number", "boolean", "json"]);

const variableBase = { name: identifierSchema, description: z.string().optional() };

export const variableSchema = z.discriminatedUnion("type", [
  z.object({ ...variableBase, type: z.literal("string"), default: z.string() }),
  z.object({ ...variableBase, type: z.literal("number"), default: z.number() }),
  z.object({ ...variableBase, type: z.literal("boolean"), default: z.boolean() }),
  z.object({ ...variableBase, type: z.literal("json"), default: z.json() }),
]);

export const languagesSchema = z
  .object({ default: languageTagSchema, supported: z.array(languageTagSchema).min(1) })
  .refine((l) => l.supported.includes(l.default), {
    error: "The default language must be one of the supported languages.",
    path: ["default"],
  });

export const flowSettingsSchema = z.object({
  /** Node that runs when a node fails and has no error port of its own. */
  onError: identifierSchema.optional(),
  /** Node entries allowed in a row without waiting for the caller or the network. */
  maxStepsWithoutWait: z.number().int().min(10).max(10_000).default(200),
  /** Said (in the call's language, else the default) before hanging up when nothing handles an error. */
  apology: z
    .record(languageTagSchema, z.string())
    .default({ "en-US": "Sorry, something went wrong. Please call again later. Goodbye." }),
});

export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  name: z.string().min(1),
  description: z.string().default(""),
  languages: languagesSchema,
  variables: z.array(variableSchema).default([]),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema),
  settings: flowSettingsSchema.prefault({}),
  /**
   * The flow's test cases, versioned and exported with it. Optional, so every schema-2 document stays valid
   * as it is; the draft's cases change only through the test-case procedures (a draft save keeps them).
   */
  tests: z.array(testCaseSchema).max(200).optional(),
});

export type Position = z.infer<typeof positionSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type VariableType = z.infer<typeof variableTypeSchema>;
export type VariableDefinition = z.infer<typeof variableSchema>;
export type FlowSettings = z.infer<typeof flowSettingsSchema>;
export type FlowDocument = z.output<typeof flowDocumentSchema>;
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;
