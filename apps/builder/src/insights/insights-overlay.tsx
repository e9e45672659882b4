import { useQuery } from "@tanstack/react-query";
import { ViewportPortal, useNodes } from "@xyflow/react";
import { BarChart3, ChevronsLeft, ChevronsRight } from "lucide-react";
import { useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { useLocation } from "../app/router.ts";
import { lastDays, percent } from "./date-range.ts";
import { DayRangeInputs, VersionSelect } from "./day-range-inputs.tsx";
import { useInsightsLayout } from "./insights-layout.ts";
import "./insights.css";

type Insights = RouterOutputs["analytics"]["insights"];
type Block = Insights["blocks"][number];

/** The open flow's id, from the editor's address (/flows/:id). */
const useFlowId = () => /^\/flows\/([^/]+)$/.exec(useLocation().path)?.[1] ?? null;

/**
 * The editor's Insights switch: for a range of days and a version, how many callers entered each block, left
 * by each exit, hung up there or hit an error, drawn on the canvas; drop-offs in words; a second version
 * beside it to compare before and after a change. Its panel is a column beside the canvas (never over the
 * blocks) that folds away; both are remembered for the person signed in.
 */
export function InsightsOverlay() {
  const flowId = useFlowId();
  const [layout, setLayout] = useInsightsLayout();
  const { on, collapsed } = layout;
  const [range, setRange] = useState(() => lastDays(30));
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [compare, setCompare] = useState<number | undefined>(undefined);
  const versions = useQuery({
    queryKey: ["flows.versions", flowId],
    queryFn: () => trpc.flows.versions.query({ flowId: flowId as string }),
    enabled: on && !!flowId,
  });
  const insights = useQuery({
    queryKey: ["analytics.insights", flowId, range, version],
    queryFn: () => trpc.analytics.insights.query({ flowId: flowId as string, ...range, version }),
    // Callers only ever reach published versions: before the first, there is nothing to count.
    enabled: on && !!flowId && !!versions.data?.length,
  });
  const compared = useQuery({
    queryKey: ["analytics.compareVersions", flowId, range, compare, insights.data?.version.number],
    queryFn: () =>
      trpc.analytics.compareVersions.query({
        flowId: flowId as string,
        ...range,
        before: compare as number,
        after: insights.data?.version.number as number,
      }),
    enabled: on && !!flowId && compare !== undefined && !!insights.data,
  });
  if (!flowId) return null;
  const numbers = (versions.data ?? []).map((v) => v.number);
  const open = on && !collapsed;
  return (
    <>
      <div className={open ? "insights-dock open" : "insights-dock"}>
        <div className="insights-dock-bar">
          <button
            type="button"
            className={on ? "insights-switch on" : "insights-switch"}
            aria-pressed={on}
            title={on ? "Turn Insights off" : "Show how callers went through this flow"}
            onClick={() => setLayout({ on: !on, collapsed: false })}
          >
            <BarChart3 size={16} aria-hidden="true" /> Insights
          </button>
          {on && (
            <button
              type="button"
              className="icon-button"
              aria-expanded={open}
              aria-label={open ? "Fold the insights panel away" : "Show the insights panel"}
              title={open ? "Fold the panel away (the counts stay on the blocks)" : "Show the insights panel"}
              onClick={() => setLayout({ on, collapsed: !collapsed })}
            >
              {open ? <ChevronsRight size={16} /> : <ChevronsLeft size={16} />}
            </button>
          )}
        </div>
        {open && (
          <section className="insights-panel" aria-label="Insights">
            <div className="insights-filters">
              <DayRangeInputs range={range} onChange={setRange} />
              <VersionSelect
                label="Version"
                none="Live"
                numbers={numbers}
                value={version}
                onChange={setVersion}
              />
              <VersionSelect
                label="Compare with"
                none="No comparison"
                numbers={numbers}
                value={compare}
                onChange={setCompare}
              />
            </div>
            {versions.data?.length === 0 && (
              <p className="muted">
                Nothing to show yet: callers reach a flow once it is published. Publish it, and Insights count
                how callers go through each block.
              </p>
            )}
            {insights.error && (
              <p className="error" role="alert">
                {errorMessage(insights.error)}
              </p>
            )}
            {insights.data && <Summary data={insights.data} />}
            {compared.data && (
              <div className="insights-compare">
                <h3>
                  Version {compared.data.before.version.number} → version {compared.data.after.version.number}
                </h3>
                {compared.data.blocks.filter((b) => b.sentence).length === 0 ? (
                  <p className="muted">No block changed how often callers hang up.</p>
                ) : (
                  <ul>
                    {compared.data.blocks
                      .filter((b) => b.sentence)
                      .map((b) => (
                        <li key={b.nodeId}>{b.sentence}</li>
                      ))}
                  </ul>
                )}
              </div>
            )}
          </section>
        )}
      </div>
      {on && insights.data && <BlockCounts data={insights.data} compare={compared.data?.before} />}
    </>
  );
}

function Summary({ data }: { data: Insights }) {
  return (
    <div className="insights-summary">
      <p>
        <strong>{data.callers}</strong> callers reached version {data.version.number} from {data.from} to{" "}
        {data.to} <span className="muted small">({data.timeZone})</span>
      </p>
      {data.dropOffs.length === 0 ? (
        <p className="muted">No block loses 10% or more of its callers.</p>
      ) : (
        <ul className="insights-dropoffs" aria-label="Drop-offs">
          {data.dropOffs.map((d) => (
            <li key={d.nodeId}>{d.sentence}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A label above each block with its counts, drawn in the canvas' coordinates so it moves and zooms with it. */
function BlockCounts({ data, compare }: { data: Insights; compare?: Insights }) {
  const nodes = useNodes();
  const byId = new Map(data.blocks.map((b) => [b.nodeId, b]));
  const before = new Map((compare?.blocks ?? []).map((b) => [b.nodeId, b]));
  const drops = new Set(data.dropOffs.map((d) => d.nodeId));
  return (
    <ViewportPortal>
      {nodes.map((node) => {
        const block = byId.get(node.id);
        if (!block) return null;
        return (
          <div
            key={node.id}
            className={drops.has(node.id) ? "insights-badge drop" : "insights-badge"}
            style={{ transform: `translate(${node.position.x}px, ${node.position.y}px) translateY(-100%)` }}
            data-testid={`insights-${node.id}`}
          >
            <BadgeText block={block} before={before.get(node.id)} />
          </div>
        );
      })}
    </ViewportPortal>
  );
}

function BadgeText({ block, before }: { block: Block; before?: Block }) {
  const share = block.entered ? block.hungUp / block.entered : null;
  const exits = Object.entries(block.exits).filter(([, n]) => n > 0);
  return (
    <>
      <span>
        <strong>{block.entered}</strong> in
      </span>
      {block.hungUp > 0 && <span>{`${block.hungUp} hung up (${percent(share)})`}</span>}
      {block.errors > 0 && <span className="insights-error">{`${block.errors} errors`}</span>}
      {exits.map(([exit, n]) => (
        <span key={exit} className="insights-exit">{`${exit} → ${n}`}</span>
      ))}
      {before && (
        <span className="muted">{`before: ${before.entered} in, ${percent(before.entered ? before.hungUp / before.entered : null)} hung up`}</span>
      )}
    </>
  );
}
