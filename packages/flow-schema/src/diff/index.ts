export { diffFlows, diffValues, type DiffPath, type FieldChange, type FlowDiff } from "./diff-flows.ts";
