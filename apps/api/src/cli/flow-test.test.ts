import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness } from "../testing/harness.ts";
import { loggedCall, salesLine } from "../testing/test-case-fixture.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/ringflow.mjs");
const run = promisify(execFile);

async function ringflow(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("ringflow flow test", { timeout: 120_000 }, () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  let flowId: string;
  let revision: number;
  beforeAll(async () => {
    ws = await h.workspace("cli-tests");
    const flow = await ws.caller.flows.create({ name: "Sales line" });
    const draft = await ws.caller.flows.get({ flowId: flow.id });
    revision = (
      await ws.caller.flows.saveDraft({
        flowId: flow.id,
        revision: draft.draftRevision,
        document: salesLine("Sales, hello"),
      })
    ).revision;
    const v1 = await ws.caller.flows.publish({ flowId: flow.id, changelog: "First" });
    const call = await h.db.call.create({
      data: loggedCall(ws.tenantId, flow.id, v1.version.id),
      select: { id: true },
    });
    await ws.caller.testCases.save({ flowId: flow.id, callId: call.id, name: "Gold customer picks sales" });
    flowId = flow.id;
  });
  afterAll(() => h.close());

  it("prints each case's result, and the difference with exit code 1 once one fails", async () => {
    const passing = await ringflow(["flow", "test", "Sales line", "--tenant", ws.slug]);
    expect(passing).toMatchObject({ code: 0, stderr: "" });
    expect(passing.stdout).toBe(
      'Testing "Sales line" (draft): 1 of 1 test passes.\n  ✓ Gold customer picks sales\n',
    );

    await ws.caller.flows.saveDraft({ flowId, revision, document: salesLine("Sales here") });
    const failing = await ringflow(["flow", "test", flowId, "--tenant", ws.slug]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('Testing "Sales line" (draft): 1 of 1 test fails.');
    expect(failing.stdout).toContain("  ✗ Gold customer picks sales");
    expect(failing.stdout).toContain(
      "The caller now hears “Sales here (gold)”; they used to hear “Sales, hello (gold)”.",
    );
    expect(failing.stdout).toMatch(/≠ hears “Sales, hello \(gold\)” +hears “Sales here \(gold\)”/);

    // Version 1 still passes with the cases it was published with (none then): nothing to fail.
    const version = await ringflow(["--json", "flow", "test", flowId, "--tenant", ws.slug, "--version", "1"]);
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({ version: 1, summary: "No tests yet", failing: 0 });
    const bad = await ringflow(["flow", "test", flowId, "--tenant", ws.slug, "--version", "x"]);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.stderr).toContain("--version takes a version number");
  });
});
