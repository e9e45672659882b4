import type { ReactNode } from "react";

/** The right-hand panel frame shared by history, numbers, the test call and the diff list. */
export function SidePanel({
  title,
  onClose,
  className,
  children,
}: {
  title: string;
  onClose(): void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <aside className={`inspector side-panel ${className ?? ""}`} aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={`Close ${title.toLowerCase()}`}
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      {children}
    </aside>
  );
}
