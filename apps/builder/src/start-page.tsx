import { useEffect, useState } from "react";

type Health = { status: string; database: string; redis: string };

export function StartPage() {
  const [health, setHealth] = useState<Health | "unreachable" | undefined>();
  useEffect(() => {
    fetch("/health")
      .then((response) => response.json() as Promise<Health>)
      .then(setHealth, () => setHealth("unreachable"));
  }, []);
  return (
    <main className="start">
      <h1>Ringflow</h1>
      <p>Design, test and publish call flows visually.</p>
      <p className="health" data-testid="health">
        {health === undefined
          ? "Checking services…"
          : health === "unreachable"
            ? "The API cannot be reached."
            : `Database: ${health.database} · Redis: ${health.redis}`}
      </p>
    </main>
  );
}
