import { useEffect, useState } from "react";

/** m:ss (or h:mm:ss) since an epoch-ms instant. */
export function elapsedText(since: number, now: number): string {
  const total = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** The clock ticking once a second, for timers on the screen. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function CallTimer({ since }: { since: number }) {
  const now = useNow();
  return <time dateTime={new Date(since).toISOString()}>{elapsedText(since, now)}</time>;
}
