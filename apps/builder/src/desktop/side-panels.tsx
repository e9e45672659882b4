import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "../api/trpc.ts";
import { VoicemailTranscripts } from "../recordings/voicemail-transcripts.tsx";
import { desktopApi, NotAvailableYet } from "./desktop-api.ts";
import type { Phone } from "./use-phone.ts";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

const notYet = (error: unknown) => error instanceof NotAvailableYet;

/** Click-to-call: a number typed or pressed, the caller ID chosen among the agent's numbers. */
export function DialPad({
  phone,
  number,
  onNumber,
  sendDigits,
}: {
  phone: Phone;
  number: string;
  onNumber(number: string): void;
  /** During a call the keys are sent to the call (menus of the party called). */
  sendDigits: ((digits: string) => void) | null;
}) {
  const id = useId();
  const callerIds = useQuery({
    queryKey: ["desktop.callerIds"],
    queryFn: desktopApi.callerIds,
    retry: false,
  });
  const [callerId, setCallerId] = useState("");
  const dial = useMutation({
    mutationFn: () => desktopApi.placeCall(number.trim(), callerId || callerIds.data?.[0]?.number || ""),
    // The agent's own leg rings first (their browser, when that is their phone): it is answered here.
    onSuccess: (placed) => phone.placed(placed.callId),
  });
  const valid = /^\+[1-9]\d{6,14}$/.test(number.trim());
  return (
    <section className="dial-pad stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Call someone</h2>
      <label htmlFor={`${id}-number`} className="field-label">
        Number
      </label>
      <input
        id={`${id}-number`}
        type="tel"
        value={number}
        placeholder="+14155550100"
        onChange={(e) => onNumber(e.target.value)}
      />
      <div className="keys" role="group" aria-label="Keypad">
        {KEYS.map((key) => (
          <button
            type="button"
            key={key}
            onClick={() => (sendDigits ? sendDigits(key) : onNumber(number + key))}
            aria-label={sendDigits ? `Send ${key}` : `Type ${key}`}
          >
            {key}
          </button>
        ))}
      </div>
      <label htmlFor={`${id}-from`} className="field-label">
        Call from
      </label>
      {callerIds.data ? (
        <select id={`${id}-from`} value={callerId} onChange={(e) => setCallerId(e.target.value)}>
          {callerIds.data.map((n) => (
            <option key={n.number} value={n.number}>
              {n.label} ({n.number})
            </option>
          ))}
        </select>
      ) : (
        <p id={`${id}-from`} className="muted small">
          {callerIds.error && notYet(callerIds.error)
            ? "The workspace's main number."
            : callerIds.error
              ? errorMessage(callerIds.error)
              : "Loading…"}
        </p>
      )}
      {dial.error && (
        <p className="error small" role="alert">
          {errorMessage(dial.error)}
        </p>
      )}
      <button
        type="button"
        className="primary"
        disabled={!valid || !callerIds.data?.length || dial.isPending || sendDigits !== null}
        onClick={() => dial.mutate()}
      >
        Call
      </button>
      {dial.isSuccess && (
        <p className="muted small" role="status">
          Your phone rings first; the call goes out when you answer.
        </p>
      )}
      {phone.status.kind === "unavailable" && (
        <p className="muted small">Calls ring on your other phone: {phone.status.reason}</p>
      )}
    </section>
  );
}

export function ContactsPanel({ onPick }: { onPick(number: string): void }) {
  const id = useId();
  const [search, setSearch] = useState("");
  const contacts = useQuery({
    queryKey: ["desktop.contacts", search],
    queryFn: () => desktopApi.contacts(search),
    retry: false,
  });
  return (
    <section className="stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Contacts</h2>
      <label htmlFor={`${id}-search`} className="visually-hidden">
        Find a contact
      </label>
      <input
        id={`${id}-search`}
        type="search"
        placeholder="Find by name or number"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {contacts.error && <p className="muted small">{errorMessage(contacts.error)}</p>}
      {contacts.data?.length === 0 && <p className="muted small">Nobody found.</p>}
      <ul className="plain stack">
        {(contacts.data ?? []).map((contact) => (
          <li key={contact.id}>
            <strong>{contact.name}</strong>
            {contact.numbers.map((n) => (
              <button key={n.number} type="button" className="link" onClick={() => onPick(n.number)}>
                {n.label ? `${n.label}: ` : ""}
                {n.number}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

const minutes = (seconds: number | null) =>
  seconds === null ? "–" : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** The agent's own calls, newest first (a supervisor's desktop shows everyone's). */
export function HistoryPanel({ onPick }: { onPick(number: string): void }) {
  const id = useId();
  const history = useQuery({
    queryKey: ["desktop.history"],
    queryFn: () => desktopApi.history(),
    refetchInterval: 5_000,
  });
  const calls = history.data?.calls ?? [];
  return (
    <section className="stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>My calls</h2>
      {history.error && (
        <p className="error small" role="alert">
          {errorMessage(history.error)}
        </p>
      )}
      {history.isSuccess && calls.length === 0 && <p className="muted small">No calls yet.</p>}
      {calls.length > 0 && (
        <table className="flows-table history-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Queue</th>
              <th scope="col">Outcome</th>
              <th scope="col">Length</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => {
              const other = call.direction === "INBOUND" ? call.fromNumber : call.toNumber;
              const left = call.callbackRequested || call.voicemails.length > 0;
              return [
                <tr key={call.id} className={left ? "has-details" : undefined}>
                  <td>
                    {new Date(call.startedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => onPick(other)}>
                      {call.contact?.name ?? other}
                    </button>
                  </td>
                  <td>{call.queue?.name ?? "–"}</td>
                  <td>{call.dispositionLabel ?? call.disposition ?? (call.wrappedUpAt ? "Done" : "–")}</td>
                  <td>{minutes(call.durationSeconds)}</td>
                </tr>,
                left && (
                  <tr key={`${call.id}-left`} className="history-details">
                    <td colSpan={5}>
                      {call.callbackRequested && (
                        <p className="small callback-request">
                          <strong>Callback confirmed for {call.callbackNumber ?? other}.</strong>{" "}
                          <button
                            type="button"
                            className="link"
                            onClick={() => onPick(call.callbackNumber ?? other)}
                          >
                            Call back {call.callbackNumber ?? other}
                          </button>
                        </p>
                      )}
                      <VoicemailTranscripts
                        voicemails={call.voicemails}
                        transcriptsShown={call.transcriptsShown}
                      />
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
