import { flowReferencesOf, migrate, type FlowDocument } from "@ringflow/flow-schema";
import type { Db } from "@ringflow/db";
import { compileFlow, type CompiledFlow } from "../engine/index.ts";
import type { RoutingCache } from "./routing-cache.ts";

/** The versions a call runs: the flow's own and every subflow's, pinned when the call starts. */
export interface PinnedFlow {
  tenantId: string;
  flowId: string;
  flowVersionId: string;
  flowVersionNumber: number;
  subflowVersionIds: Record<string, string>;
}

export interface InboundTarget {
  tenantId: string;
  phoneNumberId: string;
  flow: PinnedFlow;
}

export class FlowNotFoundError extends Error {
  override readonly name = "FlowNotFoundError";
}

const MAX_COMPILED = 200;
/** A subflow may call subflows; a published chain deeper than this is a mistake. */
const MAX_SUBFLOW_DEPTH = 16;

/**
 * Number -> tenant -> binding -> version, and version -> compiled flow. Versions are immutable, so compiled
 * flows are cached by the exact set of versions (a small LRU); nothing else is cached.
 */
export class FlowResolver {
  private readonly compiled = new Map<string, CompiledFlow>();

  constructor(
    private readonly db: Db,
    /** Number and version lookups, kept until Postgres says the tenant's routing changed. */
    private readonly routing?: RoutingCache,
  ) {}

  /** The flow a number answers with: the binding's pinned version, else the flow's live version. */
  forNumber(tenantId: string, providerAccountId: string, e164: string): Promise<InboundTarget> {
    const load = () => this.lookUpNumber(tenantId, providerAccountId, e164);
    return this.routing ? this.routing.get(tenantId, `n:${providerAccountId}:${e164}`, load) : load();
  }

  private async lookUpNumber(
    tenantId: string,
    providerAccountId: string,
    e164: string,
  ): Promise<InboundTarget> {
    const number = await this.db.phoneNumber.findFirst({
      where: { tenantId, providerAccountId, e164 },
      include: { binding: { include: { flow: { select: { liveVersionId: true, status: true } } } } },
    });
    if (!number?.binding) throw new FlowNotFoundError(`${e164} is not bound to a flow`);
    const versionId = number.binding.pinnedVersionId ?? number.binding.flow.liveVersionId;
    if (!versionId) throw new FlowNotFoundError(`the flow bound to ${e164} has no published version`);
    return {
      tenantId,
      phoneNumberId: number.id,
      flow: await this.pin(tenantId, number.binding.flowId, versionId),
    };
  }

  /** Pins a version and the live versions of the subflows it reaches. */
  pin(tenantId: string, flowId: string, flowVersionId: string): Promise<PinnedFlow> {
    const load = () => this.lookUpVersion(tenantId, flowId, flowVersionId);
    return this.routing ? this.routing.get(tenantId, `p:${flowId}:${flowVersionId}`, load) : load();
  }

  private async lookUpVersion(tenantId: string, flowId: string, flowVersionId: string): Promise<PinnedFlow> {
    const version = await this.db.flowVersion.findFirst({
      where: { id: flowVersionId, tenantId, flowId },
      select: { number: true, document: true },
    });
    if (!version) throw new FlowNotFoundError(`version ${flowVersionId} of flow ${flowId} not found`);
    const subflowVersionIds = await this.pinSubflows(tenantId, version.document as FlowDocument);
    return { tenantId, flowId, flowVersionId, flowVersionNumber: version.number, subflowVersionIds };
  }

  /** The subflows of a document, followed transitively, each at its live version. */
  async pinSubflows(tenantId: string, document: FlowDocument): Promise<Record<string, string>> {
    const pinned: Record<string, string> = {};
    let pending = subflowIds(document);
    for (let depth = 0; pending.length > 0 && depth < MAX_SUBFLOW_DEPTH; depth++) {
      const flows = await this.db.flow.findMany({
        where: { tenantId, id: { in: pending } },
        select: { id: true, liveVersion: { select: { id: true, document: true } } },
      });
      const next: string[] = [];
      for (const flow of flows) {
        if (!flow.liveVersion) continue;
        pinned[flow.id] = flow.liveVersion.id;
        for (const id of subflowIds(flow.liveVersion.document as FlowDocument))
          if (!(id in pinned) && !next.includes(id)) next.push(id);
      }
      pending = next.filter((id) => !(id in pinned));
    }
    return pinned;
  }

  /** The compiled flow of pinned versions, from the cache or the database. */
  async compile(pinned: Omit<PinnedFlow, "flowVersionNumber">): Promise<CompiledFlow> {
    const key = cacheKey(pinned);
    const hit = this.compiled.get(key);
    if (hit) {
      this.compiled.delete(key);
      this.compiled.set(key, hit);
      return hit;
    }
    const ids = [pinned.flowVersionId, ...Object.values(pinned.subflowVersionIds)];
    const versions = await this.db.flowVersion.findMany({
      where: { tenantId: pinned.tenantId, id: { in: ids } },
      select: { id: true, flowId: true, document: true },
    });
    const root = versions.find((v) => v.id === pinned.flowVersionId);
    if (!root) throw new FlowNotFoundError(`version ${pinned.flowVersionId} not found`);
    const subflows: Record<string, FlowDocument> = {};
    for (const v of versions) if (v.id !== root.id) subflows[v.flowId] = v.document as FlowDocument;
    const flow = compileFlow(root.document, { flowId: pinned.flowId, subflows });
    this.remember(key, flow);
    return flow;
  }

  /** A document that is not a stored version (a draft in the builder), with its subflows at their live versions. */
  async compileDocument(tenantId: string, document: unknown, flowId?: string): Promise<CompiledFlow> {
    const doc = migrate(document);
    const pinned = await this.pinSubflows(tenantId, doc);
    const versions = await this.db.flowVersion.findMany({
      where: { tenantId, id: { in: Object.values(pinned) } },
      select: { flowId: true, document: true },
    });
    const subflows: Record<string, FlowDocument> = {};
    for (const v of versions) subflows[v.flowId] = v.document as FlowDocument;
    return compileFlow(doc, { ...(flowId ? { flowId } : {}), subflows });
  }

  private remember(key: string, flow: CompiledFlow): void {
    if (this.compiled.size >= MAX_COMPILED) this.compiled.delete(this.compiled.keys().next().value as string);
    this.compiled.set(key, flow);
  }
}

/** The flows a document's nodes call, as the catalog says (subflow nodes today). */
function subflowIds(document: FlowDocument): string[] {
  return [...new Set(document.nodes.flatMap((node) => flowReferencesOf(node)))];
}

function cacheKey(pinned: Omit<PinnedFlow, "flowVersionNumber">): string {
  const subs = Object.entries(pinned.subflowVersionIds)
    .map(([flow, version]) => `${flow}=${version}`)
    .sort()
    .join(",");
  return `${pinned.flowVersionId}|${subs}`;
}
