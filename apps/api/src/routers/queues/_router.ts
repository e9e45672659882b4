import { router } from "../../trpc.ts";
import { createQueueProcedure } from "./create-queue.ts";
import { deleteQueueProcedure } from "./delete-queue.ts";
import { getQueueProcedure } from "./get-queue.ts";
import { getWallboardProcedure } from "./get-wallboard.ts";
import { listQueuesProcedure } from "./list-queues.ts";
import { setQueueMembersProcedure } from "./set-queue-members.ts";
import { updateQueueProcedure } from "./update-queue.ts";

export const queuesRouter = router({
  list: listQueuesProcedure,
  get: getQueueProcedure,
  create: createQueueProcedure,
  update: updateQueueProcedure,
  delete: deleteQueueProcedure,
  setMembers: setQueueMembersProcedure,
  wallboard: getWallboardProcedure,
});
