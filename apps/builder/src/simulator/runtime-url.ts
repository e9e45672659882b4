/**
 * Where the runtime's simulator WebSocket is. The runtime listens on its own port (3001 under `npm start`),
 * and the session cookie is per host, not per port, so the same host works. In order:
 * VITE_RUNTIME_URL at build time; a `ringflow.runtimeUrl` entry in localStorage (when the runtime runs
 * elsewhere, and for tests on free ports); else this page's host on port 3001.
 */
export function simulatorUrl(): string {
  const configured =
    (import.meta.env.VITE_RUNTIME_URL as string | undefined) ??
    localStorage.getItem("ringflow.runtimeUrl") ??
    undefined;
  const base = new URL(configured ?? `${location.protocol}//${location.hostname}:3001`);
  base.protocol = base.protocol === "https:" || base.protocol === "wss:" ? "wss:" : "ws:";
  base.pathname = `${base.pathname.replace(/\/$/, "")}/simulator`;
  return base.toString();
}
