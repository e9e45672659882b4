import { useState } from "react";
import { useMayListen } from "./may-listen.ts";
import "./recordings.css";

/**
 * The Calls page's search over what callers said (their transcripts). Applied on Enter or Search; empty
 * clears it. Shown only to people who may listen to recordings.
 */
export function TranscriptSearch({ onSearch }: { onSearch: (search: string | undefined) => void }) {
  const [text, setText] = useState("");
  if (!useMayListen()) return null;
  return (
    <form
      role="search"
      className="transcript-search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim() || undefined);
      }}
    >
      <label>
        Search what callers said
        <input
          type="search"
          value={text}
          maxLength={200}
          placeholder='e.g. refill, "call me back"'
          onChange={(event) => {
            setText(event.target.value);
            if (!event.target.value) onSearch(undefined);
          }}
        />
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

/** Under a call found by a search: the words that matched, in context (the API marks them with ⟦ ⟧). */
export function TranscriptMatch({ excerpt }: { excerpt: string | null }) {
  if (!excerpt) return null;
  const parts = excerpt.split(/(⟦[^⟧]*⟧)/);
  return (
    <p className="transcript-match small">
      “
      {parts.map((part, i) =>
        part.startsWith("⟦") && part.endsWith("⟧") ? <mark key={i}>{part.slice(1, -1)}</mark> : part,
      )}
      ”
    </p>
  );
}
