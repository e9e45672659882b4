import { nodeKindDefinition, portsOf, type FlowDiff, type FlowDocument } from "@ringflow/flow-schema";
import { describePath, describeValue } from "./diff-canvas.ts";
import { SidePanel } from "../editor/side-panel.tsx";

/** The field-by-field list that goes with the coloured canvas. */
export function DiffPanel({
  diff,
  title,
  before,
  after,
  onClose,
}: {
  diff: FlowDiff;
  title: string;
  before: FlowDocument;
  after: FlowDocument;
  onClose(): void;
}) {
  const nameOf = (doc: FlowDocument, id: string) => {
    const node = doc.nodes.find((n) => n.id === id);
    return node ? `${node.label || nodeKindDefinition(node.kind)?.label || node.kind} (${id})` : id;
  };
  // An exit by its label ("Sales"), as the block shows it, not its internal id.
  const exitOf = (doc: FlowDocument, id: string, port: string) => {
    const node = doc.nodes.find((n) => n.id === id);
    return (node && portsOf(node).find((p) => p.id === port)?.label) || port;
  };
  const other = [...diff.document, ...diff.languages, ...diff.settings];
  const kindOf = (id: string) =>
    (after.nodes.find((n) => n.id === id) ?? before.nodes.find((n) => n.id === id))?.kind;
  return (
    <SidePanel title={title} onClose={onClose}>
      {diff.identical ? (
        <p className="empty">No differences (apart from where blocks sit on the canvas).</p>
      ) : (
        <>
          <p className="legend small">
            <span className="swatch added" /> added <span className="swatch removed" /> removed{" "}
            <span className="swatch changed" /> changed
          </p>
          {diff.nodes.added.length > 0 && (
            <section>
              <h3>Added blocks</h3>
              <ul>
                {diff.nodes.added.map((n) => (
                  <li key={n.id} className="diff-added-text">
                    {nameOf(after, n.id)}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {diff.nodes.removed.length > 0 && (
            <section>
              <h3>Removed blocks</h3>
              <ul>
                {diff.nodes.removed.map((n) => (
                  <li key={n.id} className="diff-removed-text">
                    {nameOf(before, n.id)}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {diff.nodes.changed.length > 0 && (
            <section>
              <h3>Changed blocks</h3>
              {diff.nodes.changed.map((c) => (
                <div key={c.id} className="diff-node" data-node-id={c.id}>
                  <strong>{nameOf(after, c.id)}</strong>
                  <ul>
                    {c.changes.map((f, i) => (
                      <li key={i}>
                        <span className="muted">{describePath(f.path, kindOf(c.id))}:</span>{" "}
                        <del>{describeValue(f.before)}</del> → <ins>{describeValue(f.after)}</ins>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          )}
          {(diff.edges.added.length > 0 || diff.edges.removed.length > 0) && (
            <section>
              <h3>Connections</h3>
              <ul>
                {diff.edges.added.map((e, i) => (
                  <li key={`a${i}`} className="diff-added-text">
                    {nameOf(after, e.source)} “{exitOf(after, e.source, e.sourcePort)}” now goes to{" "}
                    {nameOf(after, e.target)}
                  </li>
                ))}
                {diff.edges.removed.map((e, i) => (
                  <li key={`r${i}`} className="diff-removed-text">
                    {nameOf(before, e.source)} “{exitOf(before, e.source, e.sourcePort)}” no longer goes to{" "}
                    {nameOf(before, e.target)}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {(other.length > 0 ||
            diff.variables.added.length + diff.variables.removed.length + diff.variables.changed.length >
              0) && (
            <section>
              <h3>Flow settings</h3>
              <ul>
                {other.map((f, i) => (
                  <li key={i}>
                    {describePath(f.path) || "languages"}: <del>{describeValue(f.before)}</del> →{" "}
                    <ins>{describeValue(f.after)}</ins>
                  </li>
                ))}
                {diff.variables.added.map((v) => (
                  <li key={`va${v.name}`}>Variable {v.name} added</li>
                ))}
                {diff.variables.removed.map((v) => (
                  <li key={`vr${v.name}`}>Variable {v.name} removed</li>
                ))}
                {diff.variables.changed.map((v) => (
                  <li key={`vc${v.name}`}>Variable {v.name} changed</li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </SidePanel>
  );
}
