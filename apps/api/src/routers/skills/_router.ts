import { can, router } from "../../trpc.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { createSkill, deleteSkill, listSkills } from "../../services/queues/skills.ts";
import { createSkillSchema, skillIdSchema } from "./create-skill.schema.ts";

/** The workspace's skill catalog: agents have skills at a level, queues require them at a minimum level. */
export const skillsRouter = router({
  list: can("agents.manage").query(({ ctx }) => listSkills(ctx.db, ctx.tenantId)),
  create: can("agents.manage")
    .input(createSkillSchema)
    .mutation(({ ctx, input }) => createSkill(ctx.db, ctx.tenantId, input)),
  delete: can("agents.manage")
    .input(skillIdSchema)
    .mutation(({ ctx, input }) => deleteSkill(ctx.db, queueEngine(ctx.redis), ctx.tenantId, input.skillId)),
});
