import { describe, expect, test } from "vitest";
import { exitVia, single, testCall, traceLines, said } from "../test-kit.ts";

const menu = () =>
  single("menu", {
    prompt: { type: "say", text: { "en-US": "Sales 1, support 2." } },
    input: ["dtmf", "speech"],
    options: [
      { id: "sales", label: "Sales", dtmf: "1", keywords: ["sales", "buy"] },
      { id: "support", dtmf: "2", keywords: ["help"] },
    ],
    timeoutSeconds: 5,
    retries: 2,
    noInputPrompt: { type: "say", text: { "en-US": "Sorry, I didn't hear you." } },
    noMatchPrompt: { type: "play", url: "https://cdn.example.com/invalid.mp3" },
  });

describe("menu", () => {
  test("asks with a gather that carries the next turn, and waits", () => {
    const call = testCall(menu());
    expect(call.commands).toEqual([
      {
        type: "gather",
        turn: 1,
        input: ["dtmf", "speech"],
        timeoutSeconds: 5,
        numDigits: 1,
        hints: ["sales", "buy", "help"],
        language: "en-US",
        prompts: [said("Sales 1, support 2.")],
      },
    ]);
    expect(call.state).toMatchObject({
      status: "waiting",
      turn: 1,
      waiting: { nodeId: "node", for: "gather" },
    });
  });

  test("a key press leaves by the option's port and records digits and option", () => {
    const call = testCall(menu());
    call.send({ type: "gather.result", digits: "2" });
    expect(exitVia(call.commands)).toBe("via support");
    expect(call.state.frame.nodes.node).toEqual({
      digits: "2",
      speech: "",
      confidence: null,
      option: "support",
    });
    expect(traceLines(call.trace)[0]).toBe("node resume -> support: caller chose support (key 2)");
  });

  test("speech matches an option's keywords", () => {
    const call = testCall(menu());
    call.send({ type: "gather.result", speech: "I want to BUY a phone", confidence: 0.91 });
    expect(exitVia(call.commands)).toBe("via sales");
    expect(call.state.frame.nodes.node).toMatchObject({
      speech: "I want to BUY a phone",
      confidence: 0.91,
      option: "sales",
    });
  });

  test("no input: the no-input prompt, retries counted in the trace, then noInput", () => {
    const call = testCall(menu());
    call.send({ type: "gather.timeout" });
    expect(call.commands).toEqual([
      {
        type: "gather",
        turn: 2,
        input: ["dtmf", "speech"],
        timeoutSeconds: 5,
        numDigits: 1,
        hints: ["sales", "buy", "help"],
        language: "en-US",
        prompts: [said("Sorry, I didn't hear you."), said("Sales 1, support 2.")],
      },
    ]);
    expect(traceLines(call.trace)).toEqual(["node resume: no input after 5 s, retry 1 of 2"]);
    call.send({ type: "gather.result", digits: "" });
    expect(traceLines(call.trace)).toEqual(["node resume: no input after 5 s, retry 2 of 2"]);
    call.send({ type: "gather.timeout" });
    expect(exitVia(call.commands)).toBe("via noInput");
    expect(traceLines(call.trace)[0]).toBe("node resume -> noInput: no input after 5 s; no retries left (2)");
  });

  test("no match: the no-match prompt before asking again, then noMatch", () => {
    const call = testCall(menu());
    call.send({ type: "gather.result", digits: "9" });
    expect(call.commands[0]).toMatchObject({
      type: "gather",
      turn: 2,
      prompts: [
        { type: "play", url: "https://cdn.example.com/invalid.mp3", loop: 1 },
        said("Sales 1, support 2."),
      ],
    });
    expect(traceLines(call.trace)).toEqual(["node resume: key 9 matches no option, retry 1 of 2"]);
    call.send({ type: "gather.result", speech: "pizza" });
    call.send({ type: "gather.result", digits: "7" });
    expect(exitVia(call.commands)).toBe("via noMatch");
    expect(traceLines(call.trace)[0]).toBe(
      "node resume -> noMatch: key 7 matches no option; no retries left (2)",
    );
  });

  test("a retry counter starts again when the menu is entered again", () => {
    const doc = menu();
    doc.edges = doc.edges.map((e) => (e.sourcePort === "sales" ? { ...e, target: "node" } : e));
    const call = testCall(doc);
    call.send({ type: "gather.timeout" });
    call.send({ type: "gather.result", digits: "1" });
    expect(call.state.frame.attempts).toEqual({});
    expect(traceLines(call.trace)).toEqual([
      "node resume -> sales: caller chose Sales (key 1)",
      "node enter: menu played, waiting for a choice",
    ]);
  });

  test("listens in its own language when it has one (a question asked in another language than the call's)", () => {
    const doc = single(
      "menu",
      {
        prompt: { type: "say", text: { "en-US": "Say sales or support." } },
        input: ["speech"],
        options: [{ id: "sales", keywords: ["sales"] }],
        listenLanguage: "en-US",
      },
      { languages: { default: "es-MX", supported: ["es-MX", "en-US"] } },
    );
    const call = testCall(doc);
    expect(call.commands[0]).toMatchObject({ type: "gather", language: "en-US" });
    expect(call.state.language).toBe("es-MX");
  });

  test("carries its speech settings on the gather", () => {
    const doc = single("menu", {
      prompt: { type: "say", text: { "en-US": "Say sales." } },
      input: ["dtmf", "speech"],
      options: [{ id: "sales", label: "Sales", dtmf: "1", keywords: ["sales"] }],
      speechTimeoutSeconds: 2,
      speechModel: "experimental_utterances",
    });
    expect(testCall(doc).commands[0]).toMatchObject({
      type: "gather",
      speechTimeoutSeconds: 2,
      speechModel: "experimental_utterances",
    });
  });
});
