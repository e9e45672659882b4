import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import type { Skill } from "./skill-levels.tsx";

/** The workspace's skills: what agents can handle and queues may ask for. */
export function SkillsSection({ skills, error }: { skills: Skill[]; error: unknown }) {
  const client = useQueryClient();
  const id = useId();
  const [name, setName] = useState("");
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["skills.list"] });
    void client.invalidateQueries({ queryKey: ["agents.list"] });
    void client.invalidateQueries({ queryKey: ["queues.list"] });
  };
  const create = useMutation({
    mutationFn: () => trpc.skills.create.mutate({ name }),
    onSuccess: () => {
      setName("");
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (skillId: string) => trpc.skills.delete.mutate({ skillId }),
    onSuccess: refresh,
  });
  const problem = error ?? create.error ?? remove.error;
  return (
    <section aria-labelledby={`${id}-title`} className="stack">
      <h2 id={`${id}-title`}>Skills</h2>
      <p className="muted">
        Languages, products, anything a caller may need. Removing one takes it from every agent and queue.
      </p>
      {problem !== null && problem !== undefined && (
        <p className="error" role="alert">
          {errorMessage(problem)}
        </p>
      )}
      <ul className="plain row skills-list">
        {skills.map((skill) => (
          <li key={skill.id} className="pill">
            {skill.name}
            <button
              type="button"
              className="link danger"
              aria-label={`Remove the skill ${skill.name}`}
              onClick={() => remove.mutate(skill.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor={`${id}-name`}>New skill</label>
        <input
          id={`${id}-name`}
          value={name}
          placeholder="spanish"
          onChange={(e) => setName(e.target.value)}
          required
        />
        <button type="submit" disabled={create.isPending}>
          Add skill
        </button>
      </form>
    </section>
  );
}
