import { can } from "../../trpc.ts";
import { listNumbers } from "../../services/numbers/numbers.ts";

export const listNumbersProcedure = can("numbers.read").query(({ ctx }) => listNumbers(ctx.db, ctx.tenantId));
