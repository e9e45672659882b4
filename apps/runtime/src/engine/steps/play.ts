import { next, type StepDefinition } from "./types.ts";

export const playStep: StepDefinition<"play"> = {
  enter(ctx) {
    const command = ctx.prompt(ctx.params.audio, ctx.params.loop);
    ctx.emit(command);
    return next("next", `played ${command.type === "play" ? command.url : ""}`);
  },
};
