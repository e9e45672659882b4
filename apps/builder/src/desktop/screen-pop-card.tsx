import { defaultAgentView, renderScreenPop, type LiveCall, type ScreenPop } from "@ringflow/flow-schema";
import { useQuery } from "@tanstack/react-query";
import { desktopApi } from "./desktop-api.ts";

/** The screen pop of a call as the API renders it; until it comes (or if it fails), from the live call's variables. */
export function useScreenPop(call: LiveCall): ScreenPop {
  const data = useQuery({
    queryKey: ["desktop.screenPop", call.callId],
    queryFn: () => desktopApi.screenPop(call.callId),
    retry: false,
    staleTime: Infinity,
    // The call's log is written as the call goes: asked again until the caller's path is in it.
    refetchInterval: (query) => (query.state.data?.pathText ? false : 2000),
  });
  return (
    data.data ??
    renderScreenPop({
      view: defaultAgentView(call.variables),
      context: {
        vars: call.variables,
        call: { from: call.from, to: call.to, callId: call.callId, direction: call.direction },
      },
    })
  );
}

export function ScreenPopCard({ from, pop }: { from: string | null; pop: ScreenPop }) {
  const shown = pop.fields.filter((f) => f.text !== "");
  return (
    <section className="screen-pop" aria-label="About the caller">
      <p className="caller-number">
        <span className="muted small">Caller</span> <strong>{from ?? "Unknown number"}</strong>
      </p>
      {pop.pathText && (
        <p className="caller-path">
          <span className="muted small">On the way here</span> {pop.pathText}
        </p>
      )}
      {shown.length > 0 && (
        <dl className="pop-fields">
          {shown.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{f.text}</dd>
            </div>
          ))}
        </dl>
      )}
      {pop.script && (
        <blockquote className="pop-script">
          <span className="visually-hidden">What to say: </span>
          {pop.script}
        </blockquote>
      )}
      {pop.links.length > 0 && (
        <ul className="plain row pop-links">
          {pop.links.map((l) => (
            <li key={l.url}>
              <a href={l.url} target="_blank" rel="noreferrer noopener">
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
