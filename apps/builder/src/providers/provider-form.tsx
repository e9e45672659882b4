import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, trpc, type RouterInputs } from "../api/trpc.ts";

type CreateInput = RouterInputs["providers"]["create"];
type Kind = CreateInput["kind"];

const FIELDS: Record<
  Kind,
  { key: string; label: string; type?: "password"; placeholder?: string; optional?: boolean }[]
> = {
  TWILIO: [
    { key: "accountSid", label: "Account SID", placeholder: "AC…" },
    { key: "authToken", label: "Auth Token", type: "password" },
    { key: "apiKeySid", label: "API key SID (optional)", placeholder: "SK…", optional: true },
    { key: "apiKeySecret", label: "API key secret (optional)", type: "password", optional: true },
  ],
  ASTERISK: [
    { key: "ariUrl", label: "ARI URL", placeholder: "http://pbx.example.com:8088" },
    { key: "username", label: "ARI user" },
    { key: "password", label: "ARI password", type: "password" },
    { key: "applicationName", label: "Stasis application", placeholder: "ringflow" },
    {
      key: "outboundDialString",
      label:
        "How calls go out (optional; {number} is the number with its +, {digits} without it; empty: the PBX's own outbound routes)",
      placeholder: "PJSIP/{digits}@your-trunk",
      optional: true,
    },
  ],
  SIGNALWIRE: [
    { key: "spaceUrl", label: "Space address", placeholder: "your-company.signalwire.com" },
    { key: "projectId", label: "Project ID", placeholder: "1a2b3c4d-…" },
    { key: "apiToken", label: "API token", type: "password", placeholder: "PT…" },
    {
      key: "signingKey",
      label: "Signing key (optional, shown beside the API token)",
      type: "password",
      optional: true,
    },
  ],
  TELNYX: [
    { key: "apiKey", label: "API key", type: "password", placeholder: "KEY…" },
    { key: "applicationId", label: "TeXML application ID", placeholder: "1293384261075731499" },
    {
      key: "publicKey",
      label: "Public key (Keys & Credentials, used to check that calls really come from Telnyx)",
      placeholder: "44 letters and digits ending in =",
    },
  ],
};

const NAME_PLACEHOLDER: Record<Kind, string> = {
  TWILIO: "Main Twilio account",
  ASTERISK: "Office phone system",
  SIGNALWIRE: "Main SignalWire account",
  TELNYX: "Main Telnyx account",
};

/** Where each kind's credentials go in the request (the API's field names). */
const FIELD_OF = {
  TWILIO: "twilio",
  ASTERISK: "asterisk",
  SIGNALWIRE: "signalwire",
  TELNYX: "telnyx",
} as const;

function toInput(kind: Kind, name: string, values: Record<string, string>): CreateInput {
  const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ""));
  return { kind, name, [FIELD_OF[kind]]: filled } as unknown as CreateInput;
}

/** Connect a Twilio, SignalWire or Telnyx account or an Asterisk server; secrets go straight to the API and are never shown again. */
export function ProviderForm({ onCreated }: { onCreated(): void }) {
  const [kind, setKind] = useState<Kind>("TWILIO");
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (input: CreateInput) => trpc.providers.create.mutate(input),
    onSuccess: () => {
      setName("");
      setValues({});
      onCreated();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(toInput(kind, name, values));
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label="Connect a provider">
      <h2>Connect a provider</h2>
      <label>
        Provider
        <select value={kind} onChange={(e) => (setKind(e.target.value as Kind), setValues({}))}>
          <option value="TWILIO">Twilio</option>
          <option value="SIGNALWIRE">SignalWire</option>
          <option value="TELNYX">Telnyx</option>
          <option value="ASTERISK">Asterisk / FreePBX (ARI)</option>
        </select>
      </label>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={NAME_PLACEHOLDER[kind]}
          required
        />
      </label>
      {FIELDS[kind].map((field) => (
        <label key={field.key}>
          {field.label}
          <input
            type={field.type ?? "text"}
            autoComplete={field.type === "password" ? "new-password" : "off"}
            placeholder={field.placeholder}
            required={!field.optional}
            value={values[field.key] ?? ""}
            onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
          />
        </label>
      ))}
      {create.error && (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? "Connecting…" : "Connect"}
      </button>
    </form>
  );
}
