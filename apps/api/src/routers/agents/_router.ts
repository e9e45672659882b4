import { router } from "../../trpc.ts";
import { createAgentProcedure } from "./create-agent.ts";
import { joinQueueProcedure, leaveQueueProcedure } from "./join-queue.ts";
import { listAgentsProcedure } from "./list-agents.ts";
import { myAgentProcedure } from "./my-agent.ts";
import { setAgentStateProcedure } from "./set-agent-state.ts";
import { setAwayReasonsProcedure } from "./set-away-reasons.ts";
import { updateAgentProcedure } from "./update-agent.ts";

export const agentsRouter = router({
  list: listAgentsProcedure,
  create: createAgentProcedure,
  update: updateAgentProcedure,
  me: myAgentProcedure,
  setState: setAgentStateProcedure,
  joinQueue: joinQueueProcedure,
  leaveQueue: leaveQueueProcedure,
  setAwayReasons: setAwayReasonsProcedure,
});
