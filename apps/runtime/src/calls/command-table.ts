import type { CallCommand, CallCommandOf, CallCommandType } from "@ringflow/flow-schema";

/** A provider that cannot carry out a command says why; validation shows it for numbers on that provider. */
export interface Unsupported {
  unsupported: string;
}

export type CommandHandler<T extends CallCommandType, C> = (command: CallCommandOf<T>, context: C) => void;

/**
 * How one adapter carries out every command: typed over the command union, so a new command fails to compile
 * until each adapter handles it or declares it unsupported. There is no `default:` to fall through.
 */
export type CommandTable<C> = { [T in CallCommandType]: CommandHandler<T, C> | Unsupported };

export function runCommand<C>(table: CommandTable<C>, command: CallCommand, context: C): void {
  const entry = table[command.type] as CommandHandler<CallCommandType, C> | Unsupported;
  if (typeof entry === "function") entry(command as never, context);
}

/** The commands an adapter cannot carry out, with its reasons. */
export function unsupportedCommands<C>(table: CommandTable<C>): Partial<Record<CallCommandType, string>> {
  const out: Partial<Record<CallCommandType, string>> = {};
  for (const [type, entry] of Object.entries(table) as [CallCommandType, CommandTable<C>[CallCommandType]][])
    if (typeof entry !== "function") out[type] = entry.unsupported;
  return out;
}
