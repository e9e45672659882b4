import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { trpc, type RouterInputs, type RouterOutputs } from "../api/trpc.ts";
import { NavLinkTo } from "./nav-link.tsx";
import { navigate } from "./router.ts";

type Me = NonNullable<RouterOutputs["auth"]["me"]>;

function NavLink({
  to,
  className = "nav-link",
  children,
}: {
  to: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <NavLinkTo to={to} className={className}>
      {children}
    </NavLinkTo>
  );
}

/** Workspace switcher and sign-out, shown on every signed-in page. */
export function TopBar({ me, children }: { me: Me; children?: ReactNode }) {
  const client = useQueryClient();
  const switchTenant = useMutation({
    mutationFn: (input: RouterInputs["auth"]["switchTenant"]) => trpc.auth.switchTenant.mutate(input),
    onSuccess: async () => {
      navigate("/");
      await client.invalidateQueries();
    },
  });
  const signOut = useMutation({
    mutationFn: () => trpc.auth.signOut.mutate(),
    onSuccess: () => {
      navigate("/");
      client.clear();
      void client.invalidateQueries();
    },
  });
  return (
    <header className="top-bar">
      <NavLink to="/" className="brand">
        Ringflow
      </NavLink>
      <NavLink to="/">Flows</NavLink>
      <NavLink to="/calls">Calls</NavLink>
      {(me.role === "OWNER" || me.role === "ADMIN") && <NavLink to="/providers">Providers</NavLink>}
      {children}
      <span className="spacer" />
      {me.memberships.length > 1 ? (
        <label className="inline">
          <span className="muted small">Workspace</span>
          <select
            aria-label="Workspace"
            value={me.activeTenant?.id ?? ""}
            onChange={(e) => switchTenant.mutate({ tenantId: e.target.value })}
          >
            {me.memberships.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="muted small">{me.activeTenant?.name}</span>
      )}
      <span className="small">{me.user.email}</span>
      <button type="button" className="link" onClick={() => signOut.mutate()}>
        Sign out
      </button>
    </header>
  );
}
