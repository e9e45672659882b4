/** From and To day pickers for a range of days (both included). */
export function DayRangeInputs(props: {
  range: { from: string; to: string };
  onChange: (range: { from: string; to: string }) => void;
}) {
  const { range, onChange } = props;
  return (
    <>
      <label>
        From
        <input
          type="date"
          value={range.from}
          max={range.to}
          onChange={(e) => onChange({ ...range, from: e.target.value })}
        />
      </label>
      <label>
        To
        <input
          type="date"
          value={range.to}
          min={range.from}
          onChange={(e) => onChange({ ...range, to: e.target.value })}
        />
      </label>
    </>
  );
}

/** A choice of a flow version by number, with a first option for none. */
export function VersionSelect(props: {
  label: string;
  none: string;
  numbers: number[];
  value: number | undefined;
  onChange: (value: number | undefined) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        value={props.value ?? ""}
        onChange={(e) => props.onChange(e.target.value ? Number(e.target.value) : undefined)}
      >
        <option value="">{props.none}</option>
        {props.numbers.map((n) => (
          <option key={n} value={n}>
            Version {n}
          </option>
        ))}
      </select>
    </label>
  );
}
