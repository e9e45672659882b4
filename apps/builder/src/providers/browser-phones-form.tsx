import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";

type Provider = RouterOutputs["providers"]["list"][number];
type ServerRow = { urls: string; username: string; credential: string; hasCredential: boolean };

const blankServer = (): ServerRow => ({ urls: "", username: "", credential: "", hasCredential: false });

/**
 * Agents without a desk phone use the desktop as their phone on this Asterisk server: where browsers connect
 * (a secure WebSocket address) and the servers that help them through firewalls (STUN/TURN).
 */
export function BrowserPhonesForm({ provider, onChange }: { provider: Provider; onChange(): void }) {
  const current = provider.browserPhones;
  const [open, setOpen] = useState(false);
  const [wssUrl, setWssUrl] = useState(current?.wssUrl ?? "");
  const [servers, setServers] = useState<ServerRow[]>(
    current?.iceServers.map((s) => ({
      urls: s.urls,
      username: s.username ?? "",
      credential: "",
      hasCredential: s.hasCredential,
    })) ?? [],
  );
  const [showEndpoints, setShowEndpoints] = useState(false);
  const save = useMutation({
    mutationFn: (on: boolean) =>
      trpc.providers.setBrowserPhones.mutate({
        id: provider.id,
        browserPhones: on
          ? {
              wssUrl: wssUrl.trim(),
              iceServers: servers
                .filter((s) => s.urls.trim())
                .map((s) => ({
                  urls: s.urls.trim(),
                  ...(s.username.trim() ? { username: s.username.trim() } : {}),
                  ...(s.credential ? { credential: s.credential } : {}),
                })),
            }
          : null,
      }),
    onSuccess: onChange,
  });
  const endpoints = useQuery({
    queryKey: ["providers.browserPhoneEndpoints", provider.id],
    queryFn: () => trpc.providers.browserPhoneEndpoints.query({ id: provider.id }),
    enabled: showEndpoints && !!current,
  });
  const edit = (i: number, change: Partial<ServerRow>) =>
    setServers(servers.map((s, j) => (i === j ? { ...s, ...change } : s)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(true);
  };

  return (
    <div className="stack">
      <p className="small">
        {current
          ? `Browser phones: on. Agents' desktops connect to ${current.wssUrl}.`
          : "Browser phones: off. Agents use their own phones on this server."}
      </p>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? "Close browser phone settings" : "Browser phone settings"}
      </button>
      {open && (
        <form className="stack" onSubmit={submit} aria-label="Browser phones">
          <label>
            Secure WebSocket address of the phone system
            <input
              value={wssUrl}
              onChange={(e) => setWssUrl(e.target.value)}
              placeholder="wss://pbx.example.com:8089/ws"
              required
            />
          </label>
          <p className="muted small">
            Agents outside the office may need a STUN server, and behind strict firewalls a TURN server. Leave
            a password empty to keep the one saved.
          </p>
          {servers.map((server, i) => (
            <fieldset key={i} className="row">
              <legend className="visually-hidden">Server {i + 1}</legend>
              <label>
                STUN or TURN server
                <input
                  value={server.urls}
                  onChange={(e) => edit(i, { urls: e.target.value })}
                  placeholder="turn:turn.example.com:3478"
                />
              </label>
              <label>
                User name
                <input value={server.username} onChange={(e) => edit(i, { username: e.target.value })} />
              </label>
              <label>
                Password
                <input
                  type="password"
                  value={server.credential}
                  placeholder={server.hasCredential ? "saved" : ""}
                  onChange={(e) => edit(i, { credential: e.target.value })}
                />
              </label>
              <button type="button" onClick={() => setServers(servers.filter((_, j) => j !== i))}>
                Remove server
              </button>
            </fieldset>
          ))}
          {servers.length < 5 && (
            <button type="button" onClick={() => setServers([...servers, blankServer()])}>
              Add a STUN or TURN server
            </button>
          )}
          {save.error && (
            <p className="error" role="alert">
              {errorMessage(save.error)}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={save.isPending}>
              {current ? "Save browser phones" : "Turn on browser phones"}
            </button>
            {current && (
              <button type="button" onClick={() => save.mutate(false)} disabled={save.isPending}>
                Turn off browser phones
              </button>
            )}
          </div>
        </form>
      )}
      {current && (
        <button type="button" onClick={() => setShowEndpoints(!showEndpoints)} aria-expanded={showEndpoints}>
          {showEndpoints ? "Hide the agents' phone settings" : "Agents' phone settings for the phone system"}
        </button>
      )}
      {showEndpoints && endpoints.data && (
        <div className="stack">
          <p className="small">
            Whoever looks after the phone system adds{" "}
            {endpoints.data.agents === 1 ? "this agent" : `these ${endpoints.data.agents} agents`} to its
            pjsip.conf (one entry per agent, named after the agent's extension), then reloads it.
          </p>
          <textarea
            readOnly
            rows={12}
            style={{ fontFamily: "monospace", width: "100%" }}
            aria-label="Agents' phone settings"
            value={endpoints.data.pjsip}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
      {endpoints.error && (
        <p className="error" role="alert">
          {errorMessage(endpoints.error)}
        </p>
      )}
    </div>
  );
}
