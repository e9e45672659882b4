import { Command } from "commander";
import { registerAdmin } from "./commands/admin.ts";
import { registerFlow } from "./commands/flow.ts";
import { registerNumber } from "./commands/number.ts";
import { registerProvider } from "./commands/provider.ts";
import { registerSetup } from "./commands/setup.ts";
import { registerToken } from "./commands/token.ts";
import { registerUser } from "./commands/user.ts";

const json = process.argv.includes("--json");
const program = new Command("ringflow")
  .description("Ringflow administration: workspaces, people, flows, numbers and secrets (uses DATABASE_URL)")
  .option("--json", "print results as JSON (for scripts)")
  .option("-y, --yes", "never prompt: fail on anything missing instead")
  .showHelpAfterError(!json && "(run `ringflow help <command>` for its options)")
  // `help number bind` shows bind's help: commander's own help command stops at the first word.
  .helpCommand(false);

// With --json, commander's own errors (unknown option, missing argument) are JSON too.
if (json)
  program.configureOutput({
    outputError: (text, write) =>
      write(`${JSON.stringify({ error: { message: text.replace(/^error: /, "").trim() } })}\n`),
  });

registerSetup(program);
registerUser(program);
registerFlow(program);
registerNumber(program);
registerProvider(program);
registerAdmin(program);
registerToken(program);

program
  .command("help [command...]")
  .description("show the help of a command, e.g. `ringflow help number bind`")
  .action((path: string[]) => {
    let command: Command = program;
    for (const name of path) {
      const next = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!next) command.error(`Unknown command "${path.join(" ")}".`, { exitCode: 1 });
      command = next!;
    }
    command.outputHelp();
  });

await program.parseAsync();
