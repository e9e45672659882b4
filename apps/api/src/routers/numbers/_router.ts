import { router } from "../../trpc.ts";
import { addNumberProcedure } from "./add-number.ts";
import { bindNumberProcedure } from "./bind-number.ts";
import { importProviderNumbersProcedure } from "./import-provider-numbers.ts";
import { listNumbersProcedure } from "./list-numbers.ts";
import { listProviderNumbersProcedure } from "./list-provider-numbers.ts";
import { removeNumberProcedure } from "./remove-number.ts";
import { unbindNumberProcedure } from "./unbind-number.ts";

export const numbersRouter = router({
  list: listNumbersProcedure,
  add: addNumberProcedure,
  remove: removeNumberProcedure,
  listFromProvider: listProviderNumbersProcedure,
  importFromProvider: importProviderNumbersProcedure,
  bind: bindNumberProcedure,
  unbind: unbindNumberProcedure,
});
