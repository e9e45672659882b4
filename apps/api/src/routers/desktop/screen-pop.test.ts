import { afterAll, describe, expect, it } from "vitest";
import { queueEngine } from "../../services/queues/engine.ts";
import { contactCenter } from "../../testing/contact-center.ts";
import { createHarness } from "../../testing/harness.ts";

const nodes = [
  {
    id: "main",
    kind: "menu",
    params: {
      options: [
        { id: "sales", label: "Sales", dtmf: "1" },
        { id: "billing", label: "Billing", dtmf: "2" },
      ],
    },
  },
  { id: "account", kind: "collect", label: "Account", params: { variable: "accountNumber" } },
  {
    id: "queue",
    kind: "enqueue",
    params: {
      agentView: {
        fields: [{ label: "Account", value: "{{ vars.accountNumber }}", format: "lastFour" }],
        script: "Thank the caller from {{ call.from }}.",
        links: [{ label: "Customer", url: "https://crm.example.com/a/{{ vars.accountNumber }}" }],
        dispositions: [{ id: "resolved", label: "Resolved" }],
        wrapUp: [{ id: "reason", label: "Why did they call?", type: "text", required: true }],
      },
    },
  },
];

/** As the runtime logs answers: the input note, then the engine's resume through a port. */
const answer = (nodeId: string, digits: string, port: string) => [
  { type: "input", nodeId, port: null, data: { event: "gather.result", turn: 1, at: 0, digits } },
  { type: "resume", nodeId, port, data: { turn: 1, flowId: null, kind: null, reason: "", variables: {} } },
];

describe("desktop.screenPop", () => {
  const h = createHarness({}, { ownRedisPrefix: true });
  afterAll(() => h.close());

  async function callWithLog(label: string, agentId: string | null = null) {
    const cc = await contactCenter(h, label);
    const version = await cc.flowVersion(nodes);
    const call = await cc.liveCall({
      agentId,
      path: ["start", "main", "account", "queue"],
      flowVersionId: version.id,
    });
    const queuedAt = new Date();
    await h.db.call.update({
      where: { id: call.id },
      data: { variables: { accountNumber: "99114471" }, queuedAt, status: "QUEUED" },
    });
    const log = [...answer("main", "2", "billing"), ...answer("account", "99114471", "valid")];
    await h.db.callEvent.createMany({
      data: log.map((e, seq) => ({ ...e, seq, tenantId: cc.ws.tenantId, callId: call.id, at: queuedAt })),
    });
    return { cc, call };
  }

  it("renders the agent view with the caller's path in words, for the agent who took the call", async () => {
    const { cc, call } = await callWithLog("pop-own");
    await h.db.call.update({ where: { id: call.id }, data: { agentId: cc.agent.id } });
    const pop = await cc.agentMember.caller.desktop.screenPop({ callId: call.id });
    expect(pop).toMatchObject({
      path: ["chose Billing", "entered account 99114471"],
      pathText: "Chose Billing, entered account 99114471",
      fields: [{ label: "Account", text: "•••• 4471" }],
      script: "Thank the caller from +14155550123.",
      links: [{ label: "Customer", url: "https://crm.example.com/a/99114471" }],
      dispositions: [{ id: "resolved", label: "Resolved" }],
      wrapUp: [{ id: "reason", required: true }],
      problems: [],
    });
  });

  it("shows a ringing call to the agent it was offered to, every call to supervisors, none elsewhere", async () => {
    const { cc, call } = await callWithLog("pop-offer");
    const desk = cc.agentMember.caller.desktop;
    await expect(desk.screenPop({ callId: call.id })).rejects.toThrow(
      "You can see only calls that rang for you or that you took.",
    );
    expect((await cc.supervisor.caller.desktop.screenPop({ callId: call.id })).pathText).toBe(
      "Chose Billing, entered account 99114471",
    );
    await cc.agentMember.caller.agents.setState({ choice: { state: "available" } });
    const queued = await queueEngine(h.redis).enqueue(cc.ws.tenantId, {
      queueId: cc.queue.id,
      callId: call.id,
      reaches: ["phone"],
    });
    expect(queued.offers).toHaveLength(1);
    expect((await desk.screenPop({ callId: call.id })).dispositions).toHaveLength(1);

    const other = await contactCenter(h, "pop-other");
    await expect(other.supervisor.caller.desktop.screenPop({ callId: call.id })).rejects.toThrow(
      /not found/i,
    );
  });

  it("shows a call a Transfer block is ringing to the agent's extension, with the caller's number, and not after", async () => {
    const cc = await contactCenter(h, "pop-transfer");
    const version = await cc.flowVersion([
      { id: "ext", kind: "collect", label: "Extension", params: { variable: "ext" } },
      {
        id: "put-through",
        kind: "transfer",
        params: {
          target: { type: "agent", value: "{{ vars.ext }}" },
          agentView: { fields: [{ label: "Dialled", value: "{{ vars.ext }}" }] },
        },
      },
    ]);
    const transferCall = (fromNumber: string) =>
      cc.liveCall({
        agentId: null,
        fromNumber,
        path: ["start", "ext", "put-through"],
        flowVersionId: version.id,
      });
    const call = await transferCall("+14155550123");
    const at = new Date();
    const trace = (type: string, nodeId: string, variables: Record<string, string> = {}) => ({
      type,
      nodeId,
      port: null,
      data: { turn: 1, flowId: null, kind: "transfer", reason: "", variables },
    });
    const write = (events: ReturnType<typeof trace>[], from: number) =>
      h.db.callEvent.createMany({
        data: events.map((e, i) => ({ ...e, seq: from + i, tenantId: cc.ws.tenantId, callId: call.id, at })),
      });
    const desk = cc.agentMember.caller.desktop;
    // Ringing someone else's extension: not this agent's call.
    await write(
      [trace("enter", "ext", { ext: "102" }), trace("enter", "put-through"), trace("wait", "put-through")],
      0,
    );
    await expect(desk.screenPop({ callId: call.id })).rejects.toThrow(
      "You can see only calls that rang for you or that you took.",
    );
    // The caller typed 101, Ana's extension: her desktop shows the call the block rings her with.
    const other = await transferCall("+14155550199");
    const ringing = [
      trace("enter", "ext", { ext: "101" }),
      trace("enter", "put-through"),
      trace("wait", "put-through"),
    ];
    await h.db.callEvent.createMany({
      data: ringing.map((e, seq) => ({ ...e, seq, tenantId: cc.ws.tenantId, callId: other.id, at })),
    });
    const pop = await desk.screenPop({ callId: other.id });
    expect(pop).toMatchObject({ caller: "+14155550199", fields: [{ label: "Dialled", text: "101" }] });
    // The transfer is over (the flow went on): the call is no longer hers to see.
    await h.db.callEvent.create({
      data: { ...trace("resume", "put-through"), seq: 3, tenantId: cc.ws.tenantId, callId: other.id, at },
    });
    await expect(desk.screenPop({ callId: other.id })).rejects.toThrow(/rang for you/);
  });
});
