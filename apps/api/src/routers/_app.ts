import { router } from "../trpc.ts";
import { accessRouter } from "./access/_router.ts";
import { agentsRouter } from "./agents/_router.ts";
import { analyticsRouter } from "./analytics/_router.ts";
import { assetsRouter } from "./assets/_router.ts";
import { auditRouter } from "./audit/_router.ts";
import { authRouter } from "./auth/_router.ts";
import { callsRouter } from "./calls/_router.ts";
import { contactsRouter } from "./contacts/_router.ts";
import { desktopRouter } from "./desktop/_router.ts";
import { flowsRouter } from "./flows/_router.ts";
import { integrationsRouter } from "./integrations/_router.ts";
import { membersRouter } from "./members/_router.ts";
import { numbersRouter } from "./numbers/_router.ts";
import { outboundRouter } from "./outbound/_router.ts";
import { providersRouter } from "./providers/_router.ts";
import { queuesRouter } from "./queues/_router.ts";
import { skillsRouter } from "./skills/_router.ts";
import { recordingsRouter } from "./recordings/_router.ts";
import { systemRouter } from "./system.ts";
import { testCasesRouter } from "./test-cases/_router.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  members: membersRouter,
  flows: flowsRouter,
  testCases: testCasesRouter,
  providers: providersRouter,
  numbers: numbersRouter,
  calls: callsRouter,
  recordings: recordingsRouter,
  assets: assetsRouter,
  audit: auditRouter,
  access: accessRouter,
  queues: queuesRouter,
  agents: agentsRouter,
  skills: skillsRouter,
  integrations: integrationsRouter,
  desktop: desktopRouter,
  contacts: contactsRouter,
  analytics: analyticsRouter,
  outbound: outboundRouter,
});

export type AppRouter = typeof appRouter;
