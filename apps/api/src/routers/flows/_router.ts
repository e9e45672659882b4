import { router } from "../../trpc.ts";
import { archiveFlowProcedure } from "./archive-flow.ts";
import { createFlowProcedure } from "./create-flow.ts";
import { diffFlowProcedure } from "./diff-flow.ts";
import { duplicateFlowProcedure } from "./duplicate-flow.ts";
import { exportFlowProcedure } from "./export-flow.ts";
import { getFlowProcedure } from "./get-flow.ts";
import { getVersionProcedure } from "./get-version.ts";
import { importFlowProcedure } from "./import-flow.ts";
import { listFlowsProcedure } from "./list-flows.ts";
import { listTemplatesProcedure } from "./list-templates.ts";
import { listVersionsProcedure } from "./list-versions.ts";
import { publishFlowProcedure } from "./publish-flow.ts";
import { renameFlowProcedure } from "./rename-flow.ts";
import { restoreFlowProcedure } from "./restore-flow.ts";
import { rollbackFlowProcedure } from "./rollback-flow.ts";
import { saveDraftProcedure } from "./save-draft.ts";

export const flowsRouter = router({
  list: listFlowsProcedure,
  templates: listTemplatesProcedure,
  get: getFlowProcedure,
  create: createFlowProcedure,
  rename: renameFlowProcedure,
  duplicate: duplicateFlowProcedure,
  archive: archiveFlowProcedure,
  restore: restoreFlowProcedure,
  saveDraft: saveDraftProcedure,
  publish: publishFlowProcedure,
  rollback: rollbackFlowProcedure,
  versions: listVersionsProcedure,
  version: getVersionProcedure,
  diff: diffFlowProcedure,
  export: exportFlowProcedure,
  import: importFlowProcedure,
});
