import {
  NODE_CATEGORIES,
  nodeCatalog,
  nodeKinds,
  type NodeCategory,
  type NodeKind,
} from "@ringflow/flow-schema";
import { useMemo, useState, type DragEvent, type RefObject } from "react";
import { DRAG_KIND } from "./flow-canvas.tsx";
import { categoryStyle } from "./category-colour.ts";
import { KindIcon } from "./kind-icon.tsx";

interface PaletteProps {
  /** Adds a node where the view is centred: the keyboard alternative to dragging. */
  onAdd(kind: NodeKind): void;
  disabled?: boolean;
  searchRef?: RefObject<HTMLInputElement | null>;
}

/** The node kinds, grouped by category, filtered by name and description; drag onto the canvas or press Enter. */
export function Palette({ onAdd, disabled, searchRef }: PaletteProps) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matches = nodeKinds.filter((kind) => {
      const d = nodeCatalog[kind];
      return !q || `${d.label} ${d.description} ${kind}`.toLowerCase().includes(q);
    });
    return (Object.keys(NODE_CATEGORIES) as NodeCategory[])
      .map((category) => ({ category, kinds: matches.filter((k) => nodeCatalog[k].category === category) }))
      .filter((g) => g.kinds.length > 0);
  }, [query]);

  const onDragStart = (event: DragEvent, kind: NodeKind) => {
    event.dataTransfer.setData(DRAG_KIND, kind);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <aside className="palette" aria-label="Blocks">
      <h2>Blocks</h2>
      <input
        ref={searchRef}
        type="search"
        className="palette-search"
        placeholder="Search (press /)"
        aria-label="Search blocks"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          const first = groups[0]?.kinds[0];
          if (e.key === "Enter" && first && !disabled) onAdd(first);
        }}
      />
      {groups.length === 0 && <p className="muted">No block matches “{query}”.</p>}
      {groups.map(({ category, kinds }) => (
        <section key={category} data-category={category} style={categoryStyle(category)}>
          <h3>{NODE_CATEGORIES[category]}</h3>
          <ul>
            {kinds.map((kind) => {
              const d = nodeCatalog[kind];
              return (
                <li key={kind}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable={!disabled}
                    disabled={disabled}
                    data-kind={kind}
                    title={d.description}
                    onDragStart={(e) => onDragStart(e, kind)}
                    onClick={() => onAdd(kind)}
                  >
                    <KindIcon name={d.icon} />
                    <span>
                      <strong>{d.label}</strong>
                      <small>{d.description}</small>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}
