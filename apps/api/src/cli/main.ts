import { Command } from "commander";
import { registerAdmin } from "./commands/admin.ts";
import { registerFlow } from "./commands/flow.ts";
import { registerNumber } from "./commands/number.ts";
import { registerSetup } from "./commands/setup.ts";
import { registerUser } from "./commands/user.ts";

const program = new Command("ringflow")
  .description("Ringflow administration: workspaces, people, flows, numbers and secrets (uses DATABASE_URL)")
  .option("--json", "print results as JSON (for scripts)")
  .option("-y, --yes", "never prompt: fail on anything missing instead")
  .showHelpAfterError("(run `ringflow help <command>` for its options)");

registerSetup(program);
registerUser(program);
registerFlow(program);
registerNumber(program);
registerAdmin(program);

await program.parseAsync();
