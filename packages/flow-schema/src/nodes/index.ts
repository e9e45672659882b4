import type * as z from "zod";
import type { NodeKindDefinition } from "../define-node-kind.ts";
import { businessHoursNode } from "./business-hours.ts";
import { collectNode } from "./collect.ts";
import { enqueueNode } from "./enqueue.ts";
import { hangupNode } from "./hangup.ts";
import { httpRequestNode } from "./http-request.ts";
import { languageSelectNode } from "./language-select.ts";
import { menuNode } from "./menu.ts";
import { playNode } from "./play.ts";
import { recordingConsentNode } from "./recording-consent.ts";
import { sayNode } from "./say.ts";
import { sendSmsNode } from "./send-sms.ts";
import { setVariablesNode } from "./set-variables.ts";
import { splitNode } from "./split.ts";
import { startNode } from "./start.ts";
import { startRecordingNode } from "./start-recording.ts";
import { stopRecordingNode } from "./stop-recording.ts";
import { subflowNode } from "./subflow.ts";
import { transferNode } from "./transfer.ts";
import { voicemailNode } from "./voicemail.ts";

/** The catalog, in palette order: one line per kind. */
const definitions = [
  startNode,
  sayNode,
  playNode,
  menuNode,
  collectNode,
  languageSelectNode,
  splitNode,
  setVariablesNode,
  businessHoursNode,
  httpRequestNode,
  sendSmsNode,
  transferNode,
  enqueueNode,
  voicemailNode,
  recordingConsentNode,
  startRecordingNode,
  stopRecordingNode,
  subflowNode,
  hangupNode,
] as const;

type Definitions = (typeof definitions)[number];

export type NodeCatalog = { [D in Definitions as D["kind"]]: D };
export type NodeKind = keyof NodeCatalog;
export type NodeKindOf<K extends NodeKind> = NodeCatalog[K];
export type ParamsOf<K extends NodeKind> = z.output<NodeCatalog[K]["params"]>;
export type ParamsInputOf<K extends NodeKind> = z.input<NodeCatalog[K]["params"]>;

export const nodeCatalog = Object.fromEntries(definitions.map((d) => [d.kind, d])) as NodeCatalog;
export const nodeKinds = definitions.map((d) => d.kind) as NodeKind[];

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.hasOwn(nodeCatalog, kind);
}

/** The definition of a kind, loosely typed, for code that handles every kind alike. */
export function nodeKindDefinition(kind: string): NodeKindDefinition<string, z.ZodType> | undefined {
  return isNodeKind(kind)
    ? (nodeCatalog[kind] as unknown as NodeKindDefinition<string, z.ZodType>)
    : undefined;
}
