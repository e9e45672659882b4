import type { ReactNode } from "react";
import { navigate } from "./router.ts";

/** An in-app link: a real href for new tabs, client-side navigation for plain clicks. */
export function NavLinkTo({
  to,
  className,
  current = false,
  children,
}: {
  to: string;
  className?: string;
  /** The page the admin is on: said to screen readers, and styled. */
  current?: boolean;
  children: ReactNode;
}) {
  return (
    <a
      href={to}
      className={className}
      aria-current={current ? "page" : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
