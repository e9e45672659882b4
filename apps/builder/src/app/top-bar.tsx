import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { trpc, type RouterInputs, type RouterOutputs } from "../api/trpc.ts";
import { navigate } from "./router.ts";

type Me = NonNullable<RouterOutputs["auth"]["me"]>;

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
      <a
        href="/"
        className="brand"
        onClick={(e) => {
          e.preventDefault();
          navigate("/");
        }}
      >
        Ringflow
      </a>
      <a
        href="/"
        className="nav-link"
        onClick={(e) => {
          e.preventDefault();
          navigate("/");
        }}
      >
        Flows
      </a>
      {(me.role === "OWNER" || me.role === "ADMIN") && (
        <a
          href="/providers"
          className="nav-link"
          onClick={(e) => {
            e.preventDefault();
            navigate("/providers");
          }}
        >
          Providers
        </a>
      )}
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
