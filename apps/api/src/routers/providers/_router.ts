import { router } from "../../trpc.ts";
import { createProviderProcedure } from "./create-provider.ts";
import { deleteProviderProcedure } from "./delete-provider.ts";
import { listProvidersProcedure } from "./list-providers.ts";
import { browserPhoneEndpointsProcedure, setBrowserPhonesProcedure } from "./set-browser-phones.ts";
import { testProviderProcedure } from "./test-provider.ts";
import { updateProviderProcedure } from "./update-provider.ts";

export const providersRouter = router({
  list: listProvidersProcedure,
  create: createProviderProcedure,
  update: updateProviderProcedure,
  delete: deleteProviderProcedure,
  testConnection: testProviderProcedure,
  setBrowserPhones: setBrowserPhonesProcedure,
  browserPhoneEndpoints: browserPhoneEndpointsProcedure,
});
