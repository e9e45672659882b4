import { useQuery } from "@tanstack/react-query";
import { errorMessage, trpc } from "../api/trpc.ts";
import { EditorPage } from "../editor/editor-page.tsx";
import { AuthPage } from "./auth-page.tsx";
import { ProvidersPage } from "../providers/providers-page.tsx";
import { FlowsPage } from "./flows-page.tsx";
import { useLocation } from "./router.ts";
import { TopBar } from "./top-bar.tsx";

/** Signed out: the sign-in page. Signed in: the flow list at /, the editor at /flows/:id, providers at /providers. */
export function App() {
  const me = useQuery({ queryKey: ["auth.me"], queryFn: () => trpc.auth.me.query(), staleTime: 60_000 });
  const { path } = useLocation();
  if (me.isPending) return <p className="page muted">Loading…</p>;
  if (me.error)
    return (
      <main className="page">
        <h1>Ringflow</h1>
        <p className="error" role="alert">
          The Ringflow service cannot be reached: {errorMessage(me.error)}
        </p>
      </main>
    );
  if (!me.data) return <AuthPage />;
  const flowId = /^\/flows\/([^/]+)$/.exec(path)?.[1];
  if (flowId) return <EditorPage flowId={flowId} />;
  return (
    <>
      <TopBar me={me.data} />
      {path === "/providers" ? <ProvidersPage /> : <FlowsPage />}
    </>
  );
}
