import type { CountryCode } from "libphonenumber-js";
import { useId, useState } from "react";
import { COUNTRIES, readPhoneNumber, splitPhoneNumber } from "./phone-number.ts";

interface PhoneInputProps {
  /** Names the number box ("Add a number", "Phone number"). */
  label: string;
  value: string;
  /** A number to dial (+ and country code) when what was typed is one; otherwise the text as typed. */
  onChange(value: string, reading: ReturnType<typeof readPhoneNumber>): void;
  /** The field's own label element points here instead of a label of its own. */
  id?: string;
  required?: boolean;
  /** The form was sent: say what is wrong with the number even if the box was never left. */
  showProblem?: boolean;
  /** Opened on a number already refused: say why at once, not only after the box is left. */
  startTouched?: boolean;
}

/** A phone number as people know it: their country, then the number as they would dial it there. */
export function PhoneInput({
  label,
  value,
  onChange,
  id,
  required,
  showProblem = false,
  startTouched = false,
}: PhoneInputProps) {
  const own = useId();
  const inputId = id ?? own;
  const [start] = useState(() => splitPhoneNumber(value, "US"));
  const [country, setCountry] = useState<CountryCode>(start.country);
  const [typed, setTyped] = useState(start.national);
  const [touched, setTouched] = useState(startTouched);
  const reading = typed ? readPhoneNumber(typed, country) : undefined;
  const problem = (touched || showProblem) && reading && !reading.ok ? reading.message : null;
  const emit = (text: string, where: CountryCode) => {
    const read = readPhoneNumber(text, where);
    onChange(read.ok ? read.e164 : text, read);
  };
  return (
    <div className="phone-input">
      <div className="phone-input-row">
        <select
          aria-label="Country"
          value={country}
          onChange={(e) => {
            const next = e.target.value as CountryCode;
            setCountry(next);
            if (typed) emit(typed, next);
          }}
        >
          {COUNTRIES.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} (+{c.callingCode})
            </option>
          ))}
        </select>
        {!id && (
          <label htmlFor={inputId} className="visually-hidden">
            {label}
          </label>
        )}
        <input
          id={inputId}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={typed}
          required={required}
          aria-invalid={problem !== null || undefined}
          aria-describedby={`${inputId}-said`}
          onChange={(e) => {
            setTyped(e.target.value);
            const read = readPhoneNumber(e.target.value, country);
            // A number typed with its own + code shows its country.
            if (read.ok && read.country && read.country !== country) setCountry(read.country);
            emit(e.target.value, read.ok && read.country ? read.country : country);
          }}
          onBlur={() => setTouched(true)}
        />
      </div>
      <p id={`${inputId}-said`} className="help" aria-live="polite">
        {/* Said once, here: the form around it does not repeat it. */}
        {problem ? (
          <span className="problem-error" role="alert">
            {problem}
          </span>
        ) : reading?.ok ? (
          <>
            Dials {reading.e164}
            {reading.warning ? <span className="problem-warning"> · {reading.warning}</span> : null}
          </>
        ) : null}
      </p>
    </div>
  );
}
