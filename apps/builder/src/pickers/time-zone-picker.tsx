import { useId, useMemo, useState } from "react";

const ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

/** "America/New_York" as people say it: "New York (America) · UTC−05:00 now". */
export function zoneWords(zone: string, at = new Date()): string {
  const parts = zone.split("/");
  const city = parts.at(-1)!.replace(/_/g, " ");
  const region = parts.length > 1 ? parts.slice(0, -1).join(", ").replace(/_/g, " ") : "";
  const offset =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  return `${city}${region ? ` (${region})` : ""} · ${offset.replace("GMT", "UTC") || "UTC"} now`;
}

/** A time zone chosen from the list the browser knows, found by typing part of a city or region. */
export function TimeZonePicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange(zone: string): void;
}) {
  const [query, setQuery] = useState("");
  const listId = useId();
  const words = useMemo(() => new Map(ZONES.map((z) => [z, zoneWords(z)])), []);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase().replace(/\s+/g, "_");
    const matching = q ? ZONES.filter((z) => z.toLowerCase().includes(q)) : ZONES;
    return matching.includes(value) || !value ? matching : [value, ...matching];
  }, [query, value]);
  return (
    <div className="time-zone-picker">
      <input
        type="search"
        aria-label="Search time zones"
        aria-controls={id}
        placeholder="Search: a city, like Chicago"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <select
        id={id}
        size={5}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${listId}-count`}
      >
        {shown.map((z) => (
          <option key={z} value={z}>
            {words.get(z) ?? z}
          </option>
        ))}
      </select>
      <p id={`${listId}-count`} className="help">
        {value ? `Chosen: ${words.get(value) ?? value}. ` : "No time zone chosen. "}
        {query ? `${shown.length} match “${query}”.` : ""}
      </p>
    </div>
  );
}
