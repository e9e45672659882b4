import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../api/trpc.ts";
import { desktopApi } from "./desktop-api.ts";
import type { DirectLeg } from "./phone-legs.ts";
import { ScreenPopCard } from "./screen-pop-card.tsx";

/**
 * A call a flow's Transfer block rang straight to this agent's phone (no queue, so no offer in the feed):
 * the screen pop comes by the call id the leg carries; answering or declining acts on the leg alone.
 */
export function DirectCall({ direct, onAnswer }: { direct: DirectLeg; onAnswer(): void }) {
  const pop = useQuery({
    queryKey: ["desktop.screenPop", direct.callId],
    queryFn: () => desktopApi.screenPop(direct.callId),
    retry: false,
    staleTime: Infinity,
  });
  const { leg, answered } = direct;
  return (
    <article
      className={`call-card ${answered ? "active" : "ringing"}`}
      aria-label={answered ? "Call" : "Incoming call"}
      aria-live={answered ? "polite" : "assertive"}
    >
      <header className="call-head">
        <h2>{answered ? "On a call" : "Incoming call"} put through to you</h2>
      </header>
      {pop.data && <ScreenPopCard from={pop.data.caller} pop={pop.data} />}
      {pop.error && (
        <p className="muted small" role="status">
          No details of this caller: {errorMessage(pop.error)}
        </p>
      )}
      <div className="row call-actions">
        {answered ? (
          <button type="button" className="danger" aria-keyshortcuts="Alt+X" onClick={() => leg.hangUp()}>
            Hang up <kbd>Alt+X</kbd>
          </button>
        ) : (
          <>
            <button type="button" className="primary answer" aria-keyshortcuts="Alt+A" onClick={onAnswer}>
              Answer <kbd>Alt+A</kbd>
            </button>
            <button type="button" className="danger" onClick={() => leg.reject()}>
              Decline
            </button>
          </>
        )}
      </div>
    </article>
  );
}
