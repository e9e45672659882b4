import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { SkillLevels, type Skill, type SkillLevel } from "./skill-levels.tsx";

export type Queue = RouterOutputs["queues"]["list"][number];
export type Agent = RouterOutputs["agents"]["list"][number];

const STRATEGIES = {
  LONGEST_IDLE: "The agent who has waited longest since their last call",
  ROUND_ROBIN: "Each agent in turn",
  FEWEST_CALLS: "The agent with the fewest calls today",
  RING_ALL: "Every free agent at once; the first to answer takes it",
  SKILLS: "The agent with the best matching skills",
} as const satisfies Record<Queue["strategy"], string>;

type Strategy = keyof typeof STRATEGIES;

interface Draft {
  name: string;
  description: string;
  strategy: Strategy;
  maxWaitMinutes: string;
  maxSize: string;
  ringTimeoutSeconds: string;
  awayOnNoAnswer: boolean;
  wrapUpSeconds: string;
  serviceLevelSeconds: string;
  shortAbandonSeconds: string;
  allowSelfJoin: boolean;
  holdMusicUrl: string;
  requiredSkills: SkillLevel[];
}

const draftOf = (queue: Queue | null): Draft => ({
  name: queue?.name ?? "",
  description: queue?.description ?? "",
  strategy: queue?.strategy ?? "LONGEST_IDLE",
  maxWaitMinutes: String(Math.round((queue?.maxWaitSeconds ?? 600) / 60)),
  maxSize: String(queue?.maxSize ?? 0),
  ringTimeoutSeconds: String(queue?.ringTimeoutSeconds ?? 20),
  awayOnNoAnswer: queue?.awayOnNoAnswer ?? true,
  wrapUpSeconds: String(queue?.wrapUpSeconds ?? 30),
  serviceLevelSeconds: String(queue?.serviceLevelSeconds ?? 20),
  shortAbandonSeconds: String(queue?.shortAbandonSeconds ?? 5),
  allowSelfJoin: queue?.allowSelfJoin ?? false,
  holdMusicUrl: queue?.holdMusicUrl ?? "",
  requiredSkills: (queue?.requiredSkills ?? []).map((s) => ({ skillId: s.skillId, level: s.minLevel })),
});

function NumberField({
  label,
  help,
  value,
  onChange,
  min = 0,
  max,
}: {
  label: string;
  help?: string;
  value: string;
  onChange(value: string): void;
  min?: number;
  max: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {help && <p className="help">{help}</p>}
    </div>
  );
}

/** A queue's settings in plain words; a new queue when `queue` is null. */
export function QueueEditor({
  queue,
  skills,
  onSaved,
  onCancel,
}: {
  queue: Queue | null;
  skills: Skill[];
  onSaved(queue: Queue): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState(() => draftOf(queue));
  const id = useId();
  const save = useMutation({
    mutationFn: () => {
      const whole = (text: string) => Math.round(Number(text || "0"));
      const fields = {
        name: draft.name,
        description: draft.description,
        strategy: draft.strategy,
        maxWaitSeconds: Math.round(Number(draft.maxWaitMinutes || "0") * 60),
        maxSize: whole(draft.maxSize),
        ringTimeoutSeconds: whole(draft.ringTimeoutSeconds),
        awayOnNoAnswer: draft.awayOnNoAnswer,
        wrapUpSeconds: whole(draft.wrapUpSeconds),
        serviceLevelSeconds: whole(draft.serviceLevelSeconds),
        shortAbandonSeconds: whole(draft.shortAbandonSeconds),
        allowSelfJoin: draft.allowSelfJoin,
        holdMusicUrl: draft.holdMusicUrl.trim() || null,
        requiredSkills: draft.requiredSkills,
      };
      return queue
        ? trpc.queues.update.mutate({ queueId: queue.id, ...fields })
        : trpc.queues.create.mutate(fields);
    },
    onSuccess: onSaved,
  });
  const set = (changes: Partial<Draft>) => setDraft({ ...draft, ...changes });
  return (
    <form
      className="card stack queue-editor"
      aria-label={queue ? `Change ${queue.name}` : "New queue"}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{queue ? `Change ${queue.name}` : "New queue"}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`} className="field-label">
          Name
        </label>
        <input
          id={`${id}-name`}
          value={draft.name}
          required
          onChange={(e) => set({ name: e.target.value })}
          placeholder="Billing"
        />
        <p className="help">Enqueue blocks name the queue they put callers in.</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`} className="field-label">
          What it is for
        </label>
        <input
          id={`${id}-description`}
          value={draft.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-strategy`} className="field-label">
          Who gets the next caller
        </label>
        <select
          id={`${id}-strategy`}
          value={draft.strategy}
          onChange={(e) => set({ strategy: e.target.value as Strategy })}
        >
          {Object.entries(STRATEGIES).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </div>
      <SkillLevels
        legend="Skills an agent needs"
        help="Only agents with each of these, at this level or higher, take this queue's calls."
        catalog={skills}
        value={draft.requiredSkills}
        onChange={(requiredSkills) => set({ requiredSkills })}
      />
      <div className="field-columns">
        <NumberField
          label="Longest a caller waits (minutes)"
          help="Then the caller leaves through the block's Overflow exit. 0: no limit."
          value={draft.maxWaitMinutes}
          onChange={(maxWaitMinutes) => set({ maxWaitMinutes })}
          max={1440}
        />
        <NumberField
          label="Most callers waiting at once"
          help="One more goes to Overflow at once. 0: no limit."
          value={draft.maxSize}
          onChange={(maxSize) => set({ maxSize })}
          max={100000}
        />
        <NumberField
          label="Ring an agent for (seconds)"
          value={draft.ringTimeoutSeconds}
          onChange={(ringTimeoutSeconds) => set({ ringTimeoutSeconds })}
          min={1}
          max={600}
        />
        <NumberField
          label="Time to finish up after a call (seconds)"
          help="Notes and the questions after the call; no new call rings meanwhile."
          value={draft.wrapUpSeconds}
          onChange={(wrapUpSeconds) => set({ wrapUpSeconds })}
          max={3600}
        />
        <NumberField
          label="Answer within (seconds)"
          help="The service level counts callers answered this fast."
          value={draft.serviceLevelSeconds}
          onChange={(serviceLevelSeconds) => set({ serviceLevelSeconds })}
          min={1}
          max={3600}
        />
        <NumberField
          label="Ignore callers who hang up within (seconds)"
          help="They do not count against the service level."
          value={draft.shortAbandonSeconds}
          onChange={(shortAbandonSeconds) => set({ shortAbandonSeconds })}
          max={600}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.awayOnNoAnswer}
          onChange={(e) => set({ awayOnNoAnswer: e.target.checked })}
        />
        An agent who lets a call ring out is set away
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.allowSelfJoin}
          onChange={(e) => set({ allowSelfJoin: e.target.checked })}
        />
        Agents may join and leave this queue themselves
      </label>
      <div className="field">
        <label htmlFor={`${id}-music`} className="field-label">
          Hold music (web address of an audio file)
        </label>
        <input
          id={`${id}-music`}
          type="url"
          value={draft.holdMusicUrl}
          placeholder="https://"
          onChange={(e) => set({ holdMusicUrl: e.target.value })}
        />
      </div>
      {save.error && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : queue ? "Save changes" : "Create queue"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Who takes a queue's calls: agents ticked in or out, and who is rung first. */
export function QueueMembers({
  queue,
  agents,
  onSaved,
}: {
  queue: Queue;
  agents: Agent[];
  onSaved(queue: Queue): void;
}) {
  const [chosen, setChosen] = useState(
    () => new Map(queue.members.map((member) => [member.agentId, member.priority])),
  );
  const save = useMutation({
    mutationFn: () =>
      trpc.queues.setMembers.mutate({
        queueId: queue.id,
        members: [...chosen].map(([agentId, priority]) => ({ agentId, priority })),
      }),
    onSuccess: onSaved,
  });
  const toggle = (agentId: string, on: boolean) => {
    const next = new Map(chosen);
    if (on) next.set(agentId, 0);
    else next.delete(agentId);
    setChosen(next);
  };
  const missingSkills = (agent: Agent) =>
    queue.requiredSkills
      .filter((need) => !agent.skills.some((s) => s.skillId === need.skillId && s.level >= need.minLevel))
      .map((need) => need.skill.name);
  if (agents.length === 0) return <p className="empty">No agents yet: add them under Agents.</p>;
  return (
    <fieldset className="field-group queue-members">
      <legend>Agents who take these calls</legend>
      <table className="flows-table">
        <thead>
          <tr>
            <th scope="col">Takes calls</th>
            <th scope="col">Agent</th>
            <th scope="col">Rung first (0 to 100)</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => {
            const missing = missingSkills(agent);
            return (
              <tr key={agent.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${agent.displayName} takes ${queue.name} calls`}
                    checked={chosen.has(agent.id)}
                    onChange={(e) => toggle(agent.id, e.target.checked)}
                  />
                </td>
                <td>
                  {agent.displayName} <span className="muted small">ext. {agent.extension}</span>
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={100}
                    className="narrow"
                    aria-label={`How early ${agent.displayName} is rung`}
                    disabled={!chosen.has(agent.id)}
                    value={chosen.get(agent.id) ?? 0}
                    onChange={(e) => setChosen(new Map(chosen).set(agent.id, Number(e.target.value)))}
                  />
                </td>
                <td className="small muted">
                  {missing.length > 0 ? `Lacks ${missing.join(", ")}: will not be rung` : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {save.error && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p className="ok small" role="status">
          Saved.
        </p>
      )}
      <button type="button" onClick={() => save.mutate()} disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save who takes calls"}
      </button>
    </fieldset>
  );
}
