import { staffProcedure } from "../../trpc.ts";
import { listNumbers } from "../../services/numbers/numbers.ts";

export const listNumbersProcedure = staffProcedure.query(({ ctx }) => listNumbers(ctx.db, ctx.tenantId));
