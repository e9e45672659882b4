import { next, type StepDefinition } from "./types.ts";

export const sayStep: StepDefinition<"say"> = {
  enter(ctx) {
    const { text, voice, ssml, loop } = ctx.params;
    const command = ctx.prompt({ type: "say", text, ssml, ...(voice ? { voice } : {}) }, loop);
    ctx.emit(command);
    return next("next", `said ${command.type === "say" ? `"${command.text}"` : ""} (${ctx.state.language})`);
  },
};
