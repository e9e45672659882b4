import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { speak } from "@ringflow/recordings/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFlow, type FlowSpec } from "@ringflow/flow-schema/testing";
import { mutate, query, screenshot, startProduct, type Product } from "./product.ts";
import { CHROMIUM, hasChromium } from "./stack.ts";

/**
 * Readability for people who are not developers, in a real browser against the product as `npm start`
 * serves it, signed in to the demo workspace.
 */
const skipReason = !hasChromium()
  ? `no Chromium at ${CHROMIUM}`
  : !process.env.DATABASE_URL
    ? "DATABASE_URL is not set"
    : null;
if (skipReason) console.warn(`readable e2e skipped: ${skipReason}`);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(skipReason !== null)("a flow is readable on the canvas", () => {
  let product: Product;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct();
    page = await product.demoPage({ width: 1280, height: 720 });
  }, 240_000);
  afterAll(async () => product?.close());

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

  /** Imports a flow laid out left to right (x = column * 340) and opens it in the editor. */
  async function open(name: string, spec: FlowSpec, columns: Record<string, [number, number]>) {
    const doc = buildFlow({ ...spec, name });
    for (const n of doc.nodes) {
      const [col, row] = columns[n.id] ?? [0, 0];
      n.position = { x: col * 340, y: row * 180 };
    }
    const { flow } = await mutate<{ flow: { id: string } }>(page, product.base, "flows.import", {
      content: doc,
      name,
    });
    await page.goto(`${product.base}/flows/${flow.id}`);
    await node(doc.nodes[0]!.id).waitFor();
    // The view is placed once the blocks are measured.
    await expect.poll(() => page.locator(".canvas-placing").count()).toBe(0);
    return flow.id;
  }

  /** Block text size on screen: its CSS size times the canvas zoom. */
  async function smallestTextOnScreen() {
    return page.evaluate(() => {
      const viewport = document.querySelector<HTMLElement>(".react-flow__viewport")!;
      const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
      const sizes = [...document.querySelectorAll(".react-flow__node *")]
        .filter((el) => [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim()))
        .map((el) => parseFloat(getComputedStyle(el).fontSize));
      return { zoom, px: Math.min(...sizes) * zoom };
    });
  }

  it("opens a long flow at its Start block with text of at least 11 px, and fits a short one whole", async () => {
    const chain = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`step${i}`, ["say", { text: { "en-US": `Step ${i}.` } }]]),
    ) as FlowSpec["nodes"];
    const long: FlowSpec = {
      nodes: { start: ["start"], ...chain },
      edges: [
        ["start", "inbound", "step0"],
        ...Array.from(
          { length: 11 },
          (_, i) => [`step${i}`, "next", `step${i + 1}`] as [string, string, string],
        ),
      ],
    };
    const columns = Object.fromEntries([
      ["start", [0, 0]],
      ...Array.from({ length: 12 }, (_, i) => [`step${i}`, [i + 1, i % 2]]),
    ]) as Record<string, [number, number]>;
    await open("A long line", long, columns);
    const { zoom, px } = await smallestTextOnScreen();
    expect(px, `zoom ${zoom}`).toBeGreaterThanOrEqual(11);
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const start = (await node("start").boundingBox())!;
    expect(start.x).toBeGreaterThanOrEqual(pane.x);
    expect(start.x + start.width).toBeLessThanOrEqual(pane.x + pane.width);
    expect(start.y).toBeGreaterThanOrEqual(pane.y);
    await screenshot(page, "long-flow-opens-at-start-1280x720");

    await open(
      "A short line",
      { nodes: { start: ["start"], hi: ["say"], bye: ["hangup"] }, edges: [["start", "inbound", "hi"]] },
      { start: [0, 0], hi: [1, 0], bye: [1, 1] },
    );
    expect((await smallestTextOnScreen()).px).toBeGreaterThanOrEqual(11);
    for (const id of ["start", "hi", "bye"]) {
      const box = (await node(id).boundingBox())!;
      const canvas = (await page.locator(".react-flow__pane").boundingBox())!;
      expect(overlaps(box, canvas) && box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width).toBe(
        true,
      );
    }
  });

  it("Zoom to fit keeps a large flow readable: on the Start block or the selection, says so and shows the minimap", async () => {
    // Forty blocks, eight columns by five rows: far too big for the canvas at 1280x720 at a readable size.
    const grid = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`b${i}`, ["say", { text: { "en-US": `Part ${i}.` } }]]),
    ) as FlowSpec["nodes"];
    const columns = Object.fromEntries([
      ["start", [0, 2]],
      ...Array.from({ length: 40 }, (_, i) => [`b${i}`, [1 + (i % 8), Math.floor(i / 8)]]),
    ]) as Record<string, [number, number]>;
    await open("A large flow", { nodes: { start: ["start"], ...grid }, edges: [] }, columns);
    const note = page.getByRole("status").filter({ hasText: "too big to show whole at a readable size" });
    expect(await note.innerText()).toContain("the view is on the Start block");
    expect(await page.locator(".minimap").count()).toBe(1);
    expect((await smallestTextOnScreen()).px).toBeGreaterThanOrEqual(11);

    // Zoomed far out by hand, then "Zoom to fit": back at a readable size, on the Start block.
    const zoomOut = page.getByRole("button", { name: "Zoom Out" });
    for (let i = 0; i < 6; i++) await zoomOut.click();
    await expect.poll(async () => (await smallestTextOnScreen()).px).toBeLessThan(11);
    await page.getByRole("button", { name: "Dismiss" }).click();
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await expect.poll(async () => (await smallestTextOnScreen()).px).toBeGreaterThanOrEqual(11);
    await note.waitFor();
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const inPane = (box: Box) =>
      box.x >= pane.x &&
      box.x + box.width <= pane.x + pane.width &&
      box.y >= pane.y &&
      box.y <= pane.y + pane.height;
    expect(inPane((await node("start").boundingBox())!)).toBe(true);
    await screenshot(page, "large-flow-zoom-to-fit-1280x720");

    // The far corner's last block, chosen from the problems list, then zoomed far out by hand: the fit centres
    // the selection instead of the Start block.
    const far = node("b39");
    await page.getByRole("button", { name: /warnings$/ }).click();
    await page
      .getByRole("region", { name: "Problems" })
      .getByRole("button")
      .filter({ hasText: /\bb39\b/ })
      .first()
      .click();
    await expect.poll(() => far.getAttribute("class")).toContain("selected");
    await page.getByRole("button", { name: "Close problems" }).click();
    for (let i = 0; i < 6; i++) await zoomOut.click();
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await expect.poll(() => note.innerText()).toContain("the view is on the selected blocks");
    await expect.poll(async () => (await smallestTextOnScreen()).px).toBeGreaterThanOrEqual(11);
    await expect.poll(async () => inPane((await far.boundingBox())!)).toBe(true);
    // The Start block is far off: not drawn at all (only what is on screen is), or drawn outside the view.
    const startBox = (await node("start").count()) ? await node("start").boundingBox() : null;
    expect(startBox === null || !inPane(startBox)).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    await screenshot(page, "large-flow-zoom-to-fit-selection-1440x900");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it("colours blocks by category like the palette, labels connections with their exit, and says what a badge means", async () => {
    await open(
      "Colours and exits",
      {
        nodes: {
          start: ["start"],
          menu: ["menu"],
          sales: ["say", { text: { "en-US": "Sales." } }],
          support: ["transfer", { target: { type: "phone", value: "+14155550100" } }],
        },
        edges: [
          ["start", "inbound", "menu"],
          ["menu", "sales", "sales"],
          ["menu", "support", "support"],
        ],
      },
      { start: [0, 0], menu: [1, 0], sales: [2, -1], support: [2, 1] },
    );
    const colour = (selector: string, property: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
    // A block's colour is its palette section's colour.
    for (const [id, category] of [
      ["menu", "input"],
      ["sales", "prompts"],
      ["support", "routing"],
    ] as const) {
      const block = await colour(`.react-flow__node[data-id="${id}"] .step`, "border-top-color");
      const palette = await colour(
        `.palette section[data-category="${category}"] .palette-item svg`,
        "color",
      );
      expect(block, `${id} is coloured like ${category}`).toBe(palette);
    }
    expect(await colour('.react-flow__node[data-id="menu"] .step', "border-top-color")).not.toBe(
      await colour('.react-flow__node[data-id="sales"] .step', "border-top-color"),
    );
    // Each connection says which exit it leaves from, and its line is not a hairline.
    expect(await page.locator('.edge-exit[data-edge="menu.sales"]').innerText()).toBe("Sales");
    expect(await page.locator('.edge-exit[data-edge="menu.support"]').innerText()).toBe("Support");
    expect(await page.locator('.edge-exit[data-edge="start.inbound"]').innerText()).toBe("Inbound call");
    const stroke = await colour(
      '.react-flow__edge[data-id="menu.sales"] path.react-flow__edge-path',
      "stroke-width",
    );
    expect(parseFloat(stroke)).toBeGreaterThanOrEqual(2);
    // The menu's "No input" and "No match" lead nowhere: its badge says "Warning" in words.
    await expect.poll(() => node("menu").locator(".badge-warning").count()).toBe(1);
    expect(await node("menu").locator(".badge-warning").innerText()).toBe("Warning");
    await screenshot(page, "colours-and-exits-1280x720");
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, "colours-and-exits-1440x900");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it("the minimap never covers the flow at 1280x720", async () => {
    const says = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`s${i}`, ["say", { text: { "en-US": `Part ${i}.` } }]]),
    ) as FlowSpec["nodes"];
    const columns = Object.fromEntries([
      ["start", [0, 0]],
      ...Array.from({ length: 11 }, (_, i) => [`s${i}`, [1 + (i % 4), Math.floor(i / 4)]]),
    ]) as Record<string, [number, number]>;
    await open("Twelve blocks", { nodes: { start: ["start"], ...says }, edges: [] }, columns);
    const map = (await page.locator(".minimap").boundingBox())!;
    expect(map).not.toBeNull();
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    expect(overlaps(map, pane), "the minimap sits beside the canvas, not on it").toBe(false);
    // Wherever the view goes, the map stays off the blocks.
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    for (const block of await page.locator(".react-flow__node").all()) {
      const box = await block.boundingBox();
      if (box) expect(overlaps(map, box)).toBe(false);
    }
    await screenshot(page, "minimap-beside-1280x720");
  });

  const inspector = () => page.getByRole("complementary", { name: "Inspector" });

  it("offers values, voices, time zones and phone numbers in words, and refuses what cannot be said or dialled", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const flowId = await open(
      "Pickers",
      {
        nodes: {
          start: ["start"],
          menu: ["menu"],
          thanks: ["say", { text: { "en-US": "Thanks." } }],
          hours: ["businessHours"],
        },
        edges: [
          ["start", "inbound", "menu"],
          ["menu", "sales", "thanks"],
          ["thanks", "next", "hours"],
        ],
      },
      { start: [0, 0], menu: [1, 0], thanks: [2, 0], hours: [1, 1] },
    );
    await node("menu").click();
    await inspector().getByLabel("Name on the canvas").fill("Main menu");

    // A value from earlier in the call, chosen by what it means; what callers hear is read back in words.
    await node("thanks").click();
    const text = inspector().getByLabel("Text", { exact: true });
    await text.fill("You pressed ");
    const insert = inspector().getByLabel("Insert a value");
    expect(await insert.locator("option").allInnerTexts()).toContain("what the caller pressed in Main menu");
    await insert.selectOption({ label: "what the caller pressed in Main menu" });
    expect(await text.inputValue()).toBe("You pressed {{nodes.menu.digits}}");
    expect(await inspector().locator(".reads-as").innerText()).toContain(
      "You pressed «what the caller pressed in Main menu»",
    );

    // Voices of the flow's language, with an approximate preview in the browser.
    const voice = inspector().getByLabel("Voice", { exact: true });
    expect(await voice.locator("option").allInnerTexts()).toEqual(
      expect.arrayContaining(["Joanna: woman, Amazon", "Matthew: man, Amazon"]),
    );
    await voice.selectOption({ label: "Joanna: woman, Amazon" });
    await inspector().getByRole("button", { name: "Hear it" }).click();
    await expect.poll(() => inspector().locator(".voice-picker .help").innerText()).toMatch(/approximation/);

    // The length against what an Amazon voice can say at once; one character more is refused in words.
    await text.fill("a".repeat(3001));
    expect(await inspector().locator(".text-length").innerText()).toBe("3,001 of 3,000 characters");
    await expect
      .poll(() => inspector().innerText())
      .toContain("the phone can speak at most 3,000 at once with an Amazon Polly voice");
    await screenshot(page, "text-too-long-1440x900");
    await text.fill("Thanks for calling.");
    await expect
      .poll(() =>
        inspector()
          .getByText(/the phone can speak at most/)
          .count(),
      )
      .toBe(0);

    // Time zones found by typing a city.
    await node("hours").click();
    await inspector().getByLabel("Search time zones").fill("chicago");
    const zones = inspector().getByLabel("Time zone", { exact: true });
    expect(await zones.locator("option").allInnerTexts()).toEqual([
      expect.stringMatching(/^America\/New_York|^New York/),
      expect.stringMatching(/^Chicago \(America\) · UTC[−-]0[56]:00 now$/),
    ]);
    await zones.selectOption("America/Chicago");
    await expect
      .poll(async () => (await storedNode(flowId, "hours")).params.timeZone)
      .toBe("America/Chicago");
    await screenshot(page, "pickers-time-zone-1440x900");

    // A new Transfer calls nobody until told; its number is a country and a number, and words are refused.
    await page.getByLabel("Search blocks").fill("transfer");
    await page.getByLabel("Search blocks").press("Enter");
    await page.getByLabel("Search blocks").fill("");
    const transfer = page.locator('.react-flow__node[data-id="transfer"]');
    await transfer.waitFor();
    expect(await transfer.innerText()).not.toMatch(/\+1\d{10}/);
    await transfer.click();
    const number = inspector().getByLabel("Number, SIP URI or extension");
    expect(await number.inputValue()).toBe("");
    expect(await inspector().getByLabel("Country").inputValue()).toBe("US");
    await number.fill("call john");
    await number.blur();
    await expect
      .poll(() => inspector().innerText())
      .toContain("“call john” is not a phone number: type its digits, like 415 555 0100.");
    await number.fill("(415) 555-0100");
    await inspector().getByText("Dials +14155550100").waitFor();
    await expect
      .poll(async () => (await storedNode(flowId, "transfer")).params.target)
      .toEqual({ type: "phone", value: "+14155550100" });
    await screenshot(page, "pickers-phone-1440x900");

    // An option without a label is an error on the field, not an exit named by an id.
    await node("menu").click();
    await inspector().getByRole("button", { name: "+ Add option" }).click();
    await expect
      .poll(() => inspector().getByRole("group", { name: "option 3" }).innerText())
      .toContain("Give this option a label, like “Sales”: it names the option's exit.");
    expect(await node("menu").innerText()).toContain("Option 3 (no label)");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it("Insights sit beside the canvas, never over a block, fold away and stay as each person left them", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await open(
      "Insights beside",
      {
        nodes: { start: ["start"], hi: ["say", { text: { "en-US": "Hello." } }], bye: ["hangup"] },
        edges: [
          ["start", "inbound", "hi"],
          ["hi", "next", "bye"],
        ],
      },
      // One above the other: the whole flow fits readably beside the panel.
      { start: [0, 0], hi: [0, 1], bye: [0, 2] },
    );
    const paneBox = async () => (await page.locator(".react-flow__pane").boundingBox())!;
    const closedWidth = (await paneBox()).width;
    await page.getByRole("button", { name: "Insights", exact: true }).click();
    const panel = page.getByRole("region", { name: "Insights" });
    await panel.waitFor();
    await panel.getByText("Nothing to show yet: callers reach a flow once it is published.").waitFor();
    const pane = await paneBox();
    const panelBox = (await panel.boundingBox())!;
    expect(overlaps(panelBox, pane), "the panel is beside the canvas, not on it").toBe(false);
    expect(pane.width).toBeLessThan(closedWidth);
    const tools = (await page.getByRole("toolbar", { name: "Canvas tools" }).boundingBox())!;
    expect(overlaps(tools, panelBox), "the canvas tools stay over the canvas").toBe(false);
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await page.waitForTimeout(400);
    for (const id of ["start", "hi", "bye"])
      expect(overlaps((await node(id).boundingBox())!, panelBox)).toBe(false);
    await screenshot(page, "insights-beside-1280x720");

    // Folded away: the canvas gets its room back; Insights stay on (their counts go on the blocks).
    await page.getByRole("button", { name: "Fold the insights panel away" }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(async () => (await paneBox()).width).toBeGreaterThan(pane.width);
    expect(
      await page.getByRole("button", { name: "Insights", exact: true }).getAttribute("aria-pressed"),
    ).toBe("true");
    await screenshot(page, "insights-folded-1280x720");

    // Remembered for the person signed in: after a reload it is still on and folded.
    await page.reload();
    await node("hi").waitFor();
    await page.getByRole("button", { name: "Show the insights panel" }).waitFor();
    expect(await panel.count()).toBe(0);
    const me = await query<{ user: { id: string } }>(page, product.base, "auth.me", undefined);
    expect(
      await page.evaluate((id) => localStorage.getItem(`ringflow:insights-layout:${id}`), me.user.id),
    ).toBe(JSON.stringify({ on: true, collapsed: true }));
    await page.getByRole("button", { name: "Show the insights panel" }).click();
    await panel.waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, "insights-beside-1440x900");
    // Off again, for the tests after this one.
    await page.getByRole("button", { name: "Insights", exact: true }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  /** Whether a select shows its chosen option whole: the text's width plus the arrow fits in the box. */
  const showsWhole = (select: ReturnType<Page["locator"]>) =>
    select.evaluate((el: HTMLSelectElement) => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      const style = getComputedStyle(el);
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const text = ctx.measureText(el.selectedOptions[0]!.text).width;
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      // Chromium draws the arrow in about 20 px at the right.
      return text + padding + 20 <= el.clientWidth;
    });

  it("at 1280x720 a refused number is said once and the country is shown whole, in Add number and in a Transfer", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await open(
      "Numbers at 1280",
      {
        nodes: { start: ["start"], desk: ["transfer"] },
        edges: [["start", "inbound", "desk"]],
      },
      { start: [0, 0], desk: [1, 0] },
    );
    await page.locator(".editor-actions").getByRole("button", { name: "Numbers" }).click();
    const panel = page.getByRole("complementary", { name: "Phone numbers" });
    const refusal = "“call john” is not a phone number: type its digits, like 415 555 0100.";
    await panel.getByLabel("Add a number").fill("call john");
    await panel.getByRole("button", { name: "Add number" }).click();
    await expect.poll(() => panel.getByRole("alert").allInnerTexts()).toEqual([refusal]);
    // Said once, whether the box was left first or not.
    expect((await panel.innerText()).split(refusal).length - 1).toBe(1);
    await panel.getByLabel("Add a number").press("Enter");
    await page.waitForTimeout(200);
    expect((await panel.innerText()).split(refusal).length - 1).toBe(1);
    const country = panel.getByLabel("Country");
    expect(await country.locator("option:checked").innerText()).toBe("United States (+1)");
    expect(await showsWhole(country), "the country box shows “United States (+1)” whole").toBe(true);
    await screenshot(page, "numbers-refused-1280x720");

    await page.getByRole("button", { name: "Close phone numbers" }).click();
    await node("desk").click({ position: { x: 24, y: 12 } });
    const number = inspector().getByLabel("Number, SIP URI or extension");
    await number.fill("call john");
    await number.blur();
    await expect.poll(() => inspector().getByRole("alert").filter({ hasText: "call john" }).count()).toBe(1);
    expect((await inspector().innerText()).split(refusal).length - 1).toBe(1);
    // Not also refused a second time in other words by the field under it.
    expect(await inspector().innerText()).not.toContain("Write the phone number with a +");
    expect(await showsWhole(inspector().getByLabel("Country"))).toBe(true);
    await screenshot(page, "transfer-number-refused-1280x720");
  });

  it("a Play block takes an uploaded MP3 or WAV, kept with the workspace and played back; other files are refused in words", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const flowId = await open(
      "Uploaded greeting",
      { nodes: { start: ["start"], hello: ["play"] }, edges: [["start", "inbound", "hello"]] },
      { start: [0, 0], hello: [1, 0] },
    );
    await node("hello").click();
    await inspector().getByLabel("Audio type").selectOption({ label: "An uploaded audio file" });
    const dir = await mkdtemp(path.join(tmpdir(), "ringflow-upload-"));
    try {
      const wav = path.join(dir, "greeting.wav");
      await writeFile(wav, await speak("Thanks for calling Acme support.", { seconds: 2 }));
      const notAudio = path.join(dir, "notes.mp3");
      await writeFile(notAudio, "these are my notes, not audio");
      const picker = inspector().locator(".audio-file-picker");
      await picker.locator('input[type="file"]').setInputFiles(notAudio);
      await expect
        .poll(() => picker.getByRole("alert").innerText())
        .toBe("This is not an MP3 or WAV file. Save the audio as MP3 or WAV and try again.");
      await picker.locator('input[type="file"]').setInputFiles(wav);
      const chosen = inspector().getByLabel("Audio file", { exact: true });
      await expect
        .poll(async () => (await chosen.locator("option:checked").innerText()).trim())
        .toBe("greeting.wav · 0:02");
      // The player's link is signed and works; the draft names the file, not a public URL.
      const src = await picker.getByLabel("Listen to greeting.wav").getAttribute("src");
      expect(src).toMatch(/\/assets\/[0-9a-f-]{36}\/audio\?t=.+&exp=\d+&k=.+&sig=/);
      const served = await page.request.get(src!);
      expect(served.status()).toBe(200);
      expect(served.headers()["content-type"]).toBe("audio/wav");
      await expect
        .poll(async () => (await storedNode(flowId, "hello")).params.audio)
        .toEqual({ type: "upload", promptId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(await node("hello").innerText()).toContain("An uploaded audio file");
      await screenshot(page, "audio-upload-1440x900");

      // The test call plays the uploaded file in its transcript, through a signed link, not its name.
      await page.getByRole("button", { name: "Test call", exact: true }).click();
      const call = page.getByRole("complementary", { name: "Test call" });
      await call.getByRole("button", { name: "Start test call" }).click();
      const said = call.getByRole("list", { name: "Transcript" });
      const played = said.getByLabel("Play greeting.wav");
      await played.waitFor();
      expect(await said.innerText()).not.toMatch(/asset:/);
      expect(await said.innerText()).toContain("greeting.wav");
      // The block that played it, and the trace's steps, by name rather than id.
      expect(await said.innerText()).toContain("Flow · Play audio (hello)");
      await call.getByText(/^Trace \(\d+ steps\)$/).click();
      await expect.poll(() => call.locator("ol.trace").innerText()).toContain("Reached Play audio (hello)");
      expect(await call.locator("ol.trace").innerText()).toContain("played an uploaded audio file");
      const link = await played.getAttribute("src");
      expect(link).toMatch(/\/assets\/[0-9a-f-]{36}\/audio\?t=.+&exp=\d+&k=.+&sig=/);
      const heard = await page.request.get(link!);
      expect(heard.status()).toBe(200);
      expect(heard.headers()["content-type"]).toBe("audio/wav");
      // The player really plays it: the browser reads the file's length from the signed link.
      await played.evaluate((el: HTMLAudioElement) => {
        el.preload = "metadata";
        el.load();
      });
      await expect.poll(() => played.evaluate((el: HTMLAudioElement) => Math.round(el.duration))).toBe(2);
      await screenshot(page, "test-call-plays-upload-1440x900");
      await page.getByRole("button", { name: "Close test call" }).click();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  /** A node of the draft as the API stored it. */
  async function storedNode(flowId: string, id: string) {
    const flow = await query<{ draft: { nodes: { id: string; params: Record<string, unknown> }[] } }>(
      page,
      product.base,
      "flows.get",
      { flowId },
    );
    return flow.draft.nodes.find((n) => n.id === id)!;
  }
});
