export {
  CURRENT_SCHEMA_VERSION,
  flowDocumentSchema,
  flowEdgeSchema,
  flowNodeSchema,
  flowSettingsSchema,
  languagesSchema,
  positionSchema,
  variableSchema,
  variableTypeSchema,
  type FlowDocument,
  type FlowDocumentInput,
  type FlowEdge,
  type FlowNode,
  type FlowSettings,
  type Position,
  type VariableDefinition,
  type VariableType,
} from "./graph.ts";
export { IDENTIFIER, identifierSchema, languageTagSchema } from "./identifiers.ts";
export {
  callEventSchema,
  dialStatusSchema,
  enqueueStatusSchema,
  type CallEvent,
  type CallEventOf,
  type CallEventType,
  type DialStatus,
  type EnqueueStatus,
  CALL_STATUS_RANK,
  FINAL_CALL_STATUS_RANK,
  callStatusSchema,
  callEndStatusSchema,
  type CallStatus,
  type CallEndStatus,
} from "./events.ts";
export {
  callCommandSchema,
  dialTargetSchema,
  httpMethodSchema,
  playCommandSchema,
  promptCommandSchema,
  sayCommandSchema,
  WAITING_COMMANDS,
  type CallCommand,
  type CallCommandOf,
  type CallCommandType,
  type DialTarget,
  type HttpMethod,
  type PromptCommand,
  type WaitingCommandType,
  waitKindSchema,
  WAIT_KIND_OF,
  type WaitKind,
} from "./commands.ts";
export { traceEntrySchema, type TraceEntry } from "./trace.ts";
export {
  defineNodeKind,
  NODE_CATEGORIES,
  type AnyNodeKindDefinition,
  type NodeCategory,
  type NodeKindDefinition,
  type OutputField,
  type PortDefinition,
  type VariableWrite,
} from "./define-node-kind.ts";
export {
  isNodeKind,
  nodeCatalog,
  nodeKindDefinition,
  nodeKinds,
  type NodeCatalog,
  type NodeKind,
  type NodeKindOf,
  type ParamsInputOf,
  type ParamsOf,
} from "./nodes/index.ts";
export { promptSchema, type Prompt, type PromptInput } from "./nodes/shared.ts";
export { ASSET_URL_SCHEME } from "./assets.ts";
export { SPOKEN_TEXT_LIMITS, spokenTextLimit, VOICES, voicesFor, type VoiceChoice } from "./voices.ts";
export { splitOperators, type SplitCondition } from "./nodes/split.ts";
export { weekdays, type Weekday } from "./nodes/business-hours.ts";
export {
  clearValidationCaches,
  createNode,
  defaultParams,
  flowReferencesOf,
  isEntryKind,
  paramsJsonSchema,
  parseParams,
  portsOf,
  summaryOf,
} from "./catalog.ts";
export { field, fieldMeta, schemaAt, type FieldMeta, type Widget } from "./params-meta.ts";
export {
  CALL_FIELDS,
  CONTEXT_ROOTS,
  ERROR_FIELDS,
  FLOW_FIELDS,
  findTemplates,
  hasLiquid,
  liquid,
  parseTemplate,
  renderTemplate,
  templateProblem,
  templateReferences,
  type ParsedTemplate,
  type TemplateContext,
  type TemplateProblem,
} from "./template.ts";
export { TEMPLATE_LIMITS, TemplateLimitError } from "./template-limits.ts";
export {
  compileTenantRegex,
  MAX_PATTERN_CHARS,
  regexProblem,
  type CompiledTenantRegex,
  type TenantRegex,
} from "./tenant-regex.ts";
export {
  consentStatusSchema,
  recordingAllowed,
  TWO_PARTY_CONSENT_STATES,
  type ConsentStatus,
} from "./consent.ts";
export { validateFlow, type Problem, type ProblemCode, type ValidateOptions } from "./validate.ts";
export { migrate, MigrationError } from "./migrate.ts";
export {
  importTwilioStudio,
  ImportError,
  type ImportReportItem,
  type ImportResult,
} from "./import/twilio-studio.ts";
export { diffFlows, diffValues, type DiffPath, type FieldChange, type FlowDiff } from "./diff/index.ts";
export * from "./simulator-protocol.ts";
export * from "./contracts/call-log.ts";
export * from "./contracts/realtime.ts";
export * from "./contracts/queue-events.ts";
export * from "./contracts/call-control.ts";
export * from "./contracts/recording-copy.ts";
export * from "./contracts/desktop-socket.ts";
export * from "./contracts/webhooks.ts";
export * from "./contracts/asterisk-connection.ts";
export * from "./contracts/phone-sounds.ts";
export {
  PROVIDER_UNSUPPORTED,
  PROVIDER_UNSUPPORTED_SETTINGS,
  providerSupportOf,
  providerSupportProblems,
  type ProviderSupport,
  type UnsupportedCommands,
} from "./validate/provider-support.ts";
export * from "./nodes/agent-view.ts";
export * from "./screen-pop/caller-path.ts";
export * from "./screen-pop/render-screen-pop.ts";
export * from "./screen-pop/default-view.ts";
export * from "./test-cases/index.ts";
