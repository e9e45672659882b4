import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { trpc, type RouterInputs, type RouterOutputs } from "../api/trpc.ts";
import { CopyAlertsBadge } from "../recordings/copy-alerts.tsx";
import { NavLinkTo } from "./nav-link.tsx";
import { navigate, useLocation } from "./router.ts";

type Me = NonNullable<RouterOutputs["auth"]["me"]>;

type Section =
  | "/"
  | "/calls"
  | "/recordings"
  | "/providers"
  | "/queues"
  | "/desktop"
  | "/wallboard"
  | "/reports"
  | "/webhooks";

/** The section a path belongs to: an open flow is under Flows, a call's page under Calls. */
export function sectionOf(path: string): Section | null {
  if (path === "/" || path.startsWith("/flows/")) return "/";
  if (path === "/calls" || path.startsWith("/calls/")) return "/calls";
  if (path === "/providers" || path === "/webhooks") return path;
  if (path === "/reports" || path === "/recordings") return path;
  if (path === "/queues" || path === "/desktop" || path === "/wallboard") return path;
  return null;
}

function NavLink({ to, children }: { to: Section; children: ReactNode }) {
  const here = sectionOf(useLocation().path) === to;
  return (
    <NavLinkTo to={to} className={here ? "nav-link current" : "nav-link"} current={here}>
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
      <NavLinkTo to="/" className="brand">
        Ringflow
      </NavLinkTo>
      <nav aria-label="Sections" className="sections">
        <NavLink to="/">Flows</NavLink>
        <NavLink to="/calls">Calls</NavLink>
        {me.permissions.includes("recordings.delete") && (
          <NavLink to="/recordings">
            Recordings
            <CopyAlertsBadge enabled={me.permissions.includes("calls.read.all")} />
          </NavLink>
        )}
        {(me.role === "OWNER" || me.role === "ADMIN") && <NavLink to="/providers">Providers</NavLink>}
        {(me.permissions.includes("queues.manage") || me.permissions.includes("agents.manage")) && (
          <NavLink to="/queues">Queues</NavLink>
        )}
        {me.permissions.includes("desktop.use") && <NavLink to="/desktop">Desktop</NavLink>}
        {me.permissions.includes("wallboard.view") && <NavLink to="/wallboard">Wallboard</NavLink>}
        {me.permissions.includes("calls.read.all") && <NavLink to="/reports">Reports</NavLink>}
        {me.permissions.includes("integrations.manage") && <NavLink to="/webhooks">Webhooks</NavLink>}
      </nav>
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
