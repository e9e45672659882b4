import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import type { Agent } from "./queue-editor.tsx";
import { SkillLevels, type Skill } from "./skill-levels.tsx";

type Endpoint = Agent["endpoints"][number];

const ENDPOINT_KINDS: Record<Endpoint["kind"], { words: string; placeholder: string }> = {
  TWILIO_CLIENT: { words: "Browser phone named", placeholder: "ada" },
  PHONE: { words: "Phone number", placeholder: "+14155550100" },
  SIP: { words: "SIP address", placeholder: "sip:ada@pbx.example.com" },
};

/** Where the agent's calls ring, tried in order; with none, only the desktop in the browser. */
function Endpoints({
  value,
  onChange,
  isNew,
}: {
  value: Endpoint[];
  onChange(value: Endpoint[]): void;
  isNew: boolean;
}) {
  const change = (index: number, patch: Partial<Endpoint>) =>
    onChange(value.map((e, i) => (i === index ? { ...e, ...patch } : e)));
  return (
    <fieldset className="field field-group">
      <legend>Where calls ring</legend>
      <p className="help">
        Tried in this order.{" "}
        {isNew
          ? "Leave empty and calls ring on the agent desktop in the browser."
          : value.length === 0
            ? "With none, no call can reach this agent."
            : ""}
      </p>
      {value.map((endpoint, index) => (
        <div key={index} className="row">
          <select
            aria-label={`Kind of place ${index + 1}`}
            value={endpoint.kind}
            onChange={(e) => change(index, { kind: e.target.value as Endpoint["kind"] })}
          >
            {Object.entries(ENDPOINT_KINDS).map(([kind, { words }]) => (
              <option key={kind} value={kind}>
                {words}
              </option>
            ))}
          </select>
          <input
            aria-label={`Address of place ${index + 1}`}
            value={endpoint.address}
            placeholder={ENDPOINT_KINDS[endpoint.kind].placeholder}
            onChange={(e) => change(index, { address: e.target.value })}
          />
          <button
            type="button"
            className="link danger"
            onClick={() => onChange(value.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link"
        onClick={() => onChange([...value, { kind: "PHONE", address: "" }])}
      >
        Add a place to ring
      </button>
    </fieldset>
  );
}

/** An agent: the name callers' calls show, an extension, the member who signs in as them, their skills. */
export function AgentEditor({
  agent,
  skills: catalog,
  mayLinkMembers,
  onSaved,
  onCancel,
}: {
  agent: Agent | null;
  skills: Skill[];
  /** Linking needs the member list, which only those who manage members may read. */
  mayLinkMembers: boolean;
  onSaved(): void;
  onCancel(): void;
}) {
  const id = useId();
  const [displayName, setDisplayName] = useState(agent?.displayName ?? "");
  const [extension, setExtension] = useState(agent?.extension ?? "");
  const [membershipId, setMembershipId] = useState(agent?.membershipId ?? "");
  const [skills, setSkills] = useState(
    () => agent?.skills.map((s) => ({ skillId: s.skillId, level: s.level })) ?? [],
  );
  const [endpoints, setEndpoints] = useState<Endpoint[]>(() => agent?.endpoints ?? []);
  const members = useQuery({
    queryKey: ["members.list"],
    queryFn: () => trpc.members.list.query(),
    enabled: mayLinkMembers,
  });
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        displayName,
        extension,
        skills,
        // A new agent with none answers in the browser (the API gives it the desktop's phone).
        ...(agent || endpoints.some((e) => e.address.trim())
          ? { endpoints: endpoints.filter((e) => e.address.trim() !== "") }
          : {}),
        ...(mayLinkMembers ? { membershipId: membershipId || null } : {}),
      };
      return agent
        ? trpc.agents.update.mutate({ agentId: agent.id, ...fields })
        : trpc.agents.create.mutate(fields);
    },
    onSuccess: onSaved,
  });
  return (
    <form
      className="card stack"
      aria-label={agent ? `Change ${agent.displayName}` : "New agent"}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2>{agent ? `Change ${agent.displayName}` : "New agent"}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`} className="field-label">
          Name
        </label>
        <input
          id={`${id}-name`}
          value={displayName}
          required
          onChange={(e) => setDisplayName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-ext`} className="field-label">
          Extension
        </label>
        <input
          id={`${id}-ext`}
          value={extension}
          inputMode="numeric"
          required
          placeholder="101"
          onChange={(e) => setExtension(e.target.value)}
        />
        <p className="help">2 to 8 digits. Transfer blocks and colleagues reach the agent by it.</p>
      </div>
      {mayLinkMembers && (
        <div className="field">
          <label htmlFor={`${id}-member`} className="field-label">
            Signs in as
          </label>
          <select id={`${id}-member`} value={membershipId} onChange={(e) => setMembershipId(e.target.value)}>
            <option value="">Nobody yet</option>
            {(members.data ?? []).map((member) => (
              <option key={member.id} value={member.id}>
                {member.user.name ? `${member.user.name} (${member.user.email})` : member.user.email}
              </option>
            ))}
          </select>
          <p className="help">The workspace member who takes this agent's calls on the desktop.</p>
        </div>
      )}
      <SkillLevels
        legend="Skills"
        help="1 is some, 100 is expert. Queues ring only agents with the skills they need."
        catalog={catalog}
        value={skills}
        onChange={setSkills}
      />
      <Endpoints value={endpoints} onChange={setEndpoints} isNew={!agent} />
      {save.error && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : agent ? "Save changes" : "Add agent"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
