import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { ConfirmDialog } from "../app/confirm-dialog.tsx";
import { AgentEditor } from "./agent-editor.tsx";
import { agentStateWords } from "./agent-state-words.ts";
import { SkillsSection } from "./skills-section.tsx";
import { skillsText, type Skill } from "./skill-levels.tsx";
import { QueueEditor, QueueMembers, type Agent, type Queue } from "./queue-editor.tsx";
import "./queues.css";

const waitText = (seconds: number | null | undefined) =>
  !seconds ? "No limit" : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

type Open =
  | { kind: "queue"; queue: Queue | null }
  | { kind: "members"; queue: Queue }
  | { kind: "agent"; agent: Agent | null };

function QueuesSection({
  agents,
  skills,
  canManageAgents,
}: {
  agents: Agent[];
  skills: Skill[];
  canManageAgents: boolean;
}) {
  const client = useQueryClient();
  const queues = useQuery({ queryKey: ["queues.list"], queryFn: () => trpc.queues.list.query() });
  const [open, setOpen] = useState<Open | null>(null);
  const [removing, setRemoving] = useState<Queue | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["queues.list"] });
    void client.invalidateQueries({ queryKey: ["agents.list"] });
  };
  const remove = useMutation({
    mutationFn: (queue: Queue) => trpc.queues.delete.mutate({ queueId: queue.id }),
    onSuccess: refresh,
    onSettled: () => setRemoving(null),
  });
  return (
    <section aria-labelledby="queues-title" className="stack">
      <div className="page-head">
        <h2 id="queues-title">Queues</h2>
        <button type="button" className="primary" onClick={() => setOpen({ kind: "queue", queue: null })}>
          New queue
        </button>
      </div>
      <p className="muted">Callers wait in a queue until an agent who takes its calls is free.</p>
      {(queues.error ?? remove.error) && (
        <p className="error" role="alert">
          {errorMessage(queues.error ?? remove.error)}
        </p>
      )}
      {open?.kind === "queue" && (
        <QueueEditor
          key={open.queue?.id ?? "new"}
          queue={open.queue}
          skills={skills}
          onSaved={() => {
            refresh();
            setOpen(null);
          }}
          onCancel={() => setOpen(null)}
        />
      )}
      {queues.data?.length === 0 && <p className="empty">No queues yet. Create one, then add its agents.</p>}
      {(queues.data?.length ?? 0) > 0 && (
        <table className="flows-table">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Skills needed</th>
              <th scope="col">Agents</th>
              <th scope="col">Longest wait</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {queues.data!.map((queue) => (
              <tr key={queue.id}>
                <td>
                  <strong>{queue.name}</strong>
                  {queue.description && <div className="muted small">{queue.description}</div>}
                </td>
                <td>{skillsText(queue.requiredSkills)}</td>
                <td>
                  {queue.members.length === 0
                    ? "Nobody yet"
                    : queue.members.map((member) => member.agent.displayName).join(", ")}
                </td>
                <td>{waitText(queue.maxWaitSeconds)}</td>
                <td className="row">
                  <button type="button" onClick={() => setOpen({ kind: "queue", queue })}>
                    Change
                  </button>
                  {canManageAgents && (
                    <button type="button" onClick={() => setOpen({ kind: "members", queue })}>
                      Who takes calls
                    </button>
                  )}
                  <button type="button" className="danger" onClick={() => setRemoving(queue)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === "members" && (
        <div className="card stack">
          <h3>Who takes {open.queue.name} calls</h3>
          <QueueMembers key={open.queue.id} queue={open.queue} agents={agents} onSaved={refresh} />
          <button type="button" className="link" onClick={() => setOpen(null)}>
            Close
          </button>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={`Delete the queue ${removing.name}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate(removing)}
          onCancel={() => setRemoving(null)}
        >
          <p>
            Its agents stop taking its calls at once. Enqueue blocks that name it send callers to Overflow.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AgentsSection({
  agents,
  skills,
  error,
  mayLinkMembers,
}: {
  agents: Agent[];
  skills: Skill[];
  error: unknown;
  mayLinkMembers: boolean;
}) {
  const client = useQueryClient();
  const [open, setOpen] = useState<{ agent: Agent | null } | null>(null);
  return (
    <section aria-labelledby="agents-title" className="stack">
      <div className="page-head">
        <h2 id="agents-title">Agents</h2>
        <button type="button" className="primary" onClick={() => setOpen({ agent: null })}>
          New agent
        </button>
      </div>
      <p className="muted">The people who answer callers from the agent desktop, and what they can handle.</p>
      {error !== null && error !== undefined && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {open && (
        <AgentEditor
          key={open.agent?.id ?? "new"}
          agent={open.agent}
          skills={skills}
          mayLinkMembers={mayLinkMembers}
          onSaved={() => {
            void client.invalidateQueries({ queryKey: ["agents.list"] });
            void client.invalidateQueries({ queryKey: ["queues.list"] });
            setOpen(null);
          }}
          onCancel={() => setOpen(null)}
        />
      )}
      {agents.length === 0 && <p className="empty">No agents yet.</p>}
      {agents.length > 0 && (
        <table className="flows-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Extension</th>
              <th scope="col">Signs in as</th>
              <th scope="col">Skills</th>
              <th scope="col">Queues</th>
              <th scope="col">Now</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id}>
                <td>
                  <strong>{agent.displayName}</strong>
                </td>
                <td>{agent.extension}</td>
                <td>{agent.membership?.user.email ?? "Nobody yet"}</td>
                <td>{skillsText(agent.skills)}</td>
                <td>{agent.queues.length ? agent.queues.map((q) => q.queue.name).join(", ") : "None"}</td>
                <td>{agentStateWords(agent.status)}</td>
                <td>
                  <button type="button" onClick={() => setOpen({ agent })}>
                    Change
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Queues, who takes their calls, and the agents with their skills: for those who manage queues or agents. */
export function QueuesPage({ permissions }: { permissions: readonly string[] }) {
  const canManageQueues = permissions.includes("queues.manage");
  const canManageAgents = permissions.includes("agents.manage");
  const agents = useQuery({
    queryKey: ["agents.list"],
    queryFn: () => trpc.agents.list.query(),
    enabled: canManageAgents,
  });
  const skills = useQuery({
    queryKey: ["skills.list"],
    queryFn: () => trpc.skills.list.query(),
    enabled: canManageAgents,
  });
  return (
    <main className="page queues-page">
      <h1>Queues and agents</h1>
      {canManageQueues && (
        <QueuesSection
          agents={agents.data ?? []}
          skills={skills.data ?? []}
          canManageAgents={canManageAgents}
        />
      )}
      {canManageAgents && (
        <AgentsSection
          agents={agents.data ?? []}
          skills={skills.data ?? []}
          error={agents.error}
          mayLinkMembers={permissions.includes("members.manage")}
        />
      )}
      {canManageAgents && <SkillsSection skills={skills.data ?? []} error={skills.error} />}
      {!canManageQueues && !canManageAgents && (
        <p className="empty">Ask an admin: managing queues and agents is not part of your role.</p>
      )}
    </main>
  );
}
