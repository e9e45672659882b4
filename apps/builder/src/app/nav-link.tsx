import type { ReactNode } from "react";
import { navigate } from "./router.ts";

/** An in-app link: a real href for new tabs, client-side navigation for plain clicks. */
export function NavLinkTo({
  to,
  className,
  children,
}: {
  to: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <a
      href={to}
      className={className}
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
