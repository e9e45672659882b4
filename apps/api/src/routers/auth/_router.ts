import { router } from "../../trpc.ts";
import { confirmSignUpProcedure } from "./confirm-sign-up.ts";
import { meProcedure } from "./me.ts";
import { signInProcedure } from "./sign-in.ts";
import { signOutProcedure } from "./sign-out.ts";
import { signUpProcedure } from "./sign-up.ts";
import { switchTenantProcedure } from "./switch-tenant.ts";

export const authRouter = router({
  signUp: signUpProcedure,
  confirmSignUp: confirmSignUpProcedure,
  signIn: signInProcedure,
  signOut: signOutProcedure,
  me: meProcedure,
  switchTenant: switchTenantProcedure,
});
