import { useQuery } from "@tanstack/react-query";
import { errorMessage, trpc } from "../api/trpc.ts";
import { EditorPage } from "../editor/editor-page.tsx";
import { AuthPage } from "./auth-page.tsx";
import { ConfirmSignUpPage } from "./confirm-sign-up-page.tsx";
import { CallDetailPage } from "../calls/call-detail-page.tsx";
import { CallsPage } from "../calls/calls-page.tsx";
import { ProvidersPage } from "../providers/providers-page.tsx";
import { QueuesPage } from "../queues/queues-page.tsx";
import { DesktopPage } from "../desktop/desktop-page.tsx";
import { WallboardPage } from "../wallboard/wallboard-page.tsx";
import { ReportsPage } from "../reports/reports-page.tsx";
import { RetentionPage } from "../recordings/retention-page.tsx";
import { WebhooksPage } from "../webhooks/webhooks-page.tsx";
import { FlowsPage } from "./flows-page.tsx";
import { useLocation } from "./router.ts";
import { TopBar } from "./top-bar.tsx";

function Page({ path, permissions }: { path: string; permissions: readonly string[] }) {
  if (path === "/providers") return <ProvidersPage />;
  if (path === "/queues") return <QueuesPage permissions={permissions} />;
  if (path === "/desktop") return <DesktopPage permissions={permissions} />;
  if (path === "/wallboard") return <WallboardPage permissions={permissions} />;
  if (path === "/reports") return <ReportsPage permissions={permissions} />;
  if (path === "/calls") return <CallsPage />;
  if (path === "/recordings") return <RetentionPage />;
  if (path === "/webhooks") return <WebhooksPage />;
  const callId = /^\/calls\/([^/]+)$/.exec(path)?.[1];
  if (callId) return <CallDetailPage callId={callId} />;
  return <FlowsPage />;
}

/**
 * The sign-up link's page for anyone. Signed out: sign in (sign up at /sign-up). Signed in: the flow list
 * at /, the editor at /flows/:id, providers, calls.
 */
export function App() {
  const me = useQuery({ queryKey: ["auth.me"], queryFn: () => trpc.auth.me.query(), staleTime: 60_000 });
  const { path, search } = useLocation();
  // The link from the sign-up mail works whether or not this browser is signed in.
  if (path === "/sign-up/confirm") return <ConfirmSignUpPage token={search.get("token")} />;
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
  if (!me.data) return <AuthPage initialMode={path === "/sign-up" ? "signUp" : "signIn"} />;
  const flowId = /^\/flows\/([^/]+)$/.exec(path)?.[1];
  if (flowId) return <EditorPage flowId={flowId} />;
  return (
    <>
      <TopBar me={me.data} />
      <Page path={path} permissions={me.data.permissions} />
    </>
  );
}
