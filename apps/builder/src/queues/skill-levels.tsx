import type { RouterOutputs } from "../api/trpc.ts";

export type Skill = RouterOutputs["skills"]["list"][number];
export interface SkillLevel {
  skillId: string;
  level: number;
}

/** Skills with a level from 1 (some) to 100 (expert): what an agent has, or what a queue's callers need. */
export function SkillLevels({
  legend,
  help,
  catalog,
  value,
  onChange,
}: {
  legend: string;
  help: string;
  catalog: Skill[];
  value: SkillLevel[];
  onChange(value: SkillLevel[]): void;
}) {
  const levels = new Map(value.map((s) => [s.skillId, s.level]));
  const set = (skillId: string, level: number | null) => {
    const next = new Map(levels);
    if (level === null) next.delete(skillId);
    else next.set(skillId, level);
    onChange([...next].map(([id, lvl]) => ({ skillId: id, level: lvl })));
  };
  return (
    <fieldset className="field field-group skill-levels">
      <legend>{legend}</legend>
      <p className="help">{help}</p>
      {catalog.length === 0 && <p className="muted small">No skills yet: add them under Skills.</p>}
      {catalog.map((skill) => (
        <div key={skill.id} className="row skill-level">
          <label className="check">
            <input
              type="checkbox"
              checked={levels.has(skill.id)}
              onChange={(e) => set(skill.id, e.target.checked ? 1 : null)}
            />
            {skill.name}
          </label>
          {levels.has(skill.id) && (
            <label className="inline small">
              level
              <input
                type="number"
                className="narrow"
                min={1}
                max={100}
                value={levels.get(skill.id)}
                onChange={(e) => set(skill.id, Math.min(100, Math.max(1, Number(e.target.value) || 1)))}
              />
            </label>
          )}
        </div>
      ))}
    </fieldset>
  );
}

/** "billing (50), spanish" for a table cell. */
export function skillsText(skills: { level?: number; minLevel?: number; skill: { name: string } }[]): string {
  if (skills.length === 0) return "None";
  return skills
    .map((s) => {
      const level = s.level ?? s.minLevel ?? 1;
      return level > 1 ? `${s.skill.name} (${level})` : s.skill.name;
    })
    .join(", ");
}
