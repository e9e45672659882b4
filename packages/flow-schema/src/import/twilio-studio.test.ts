import { describe, expect, test } from "vitest";
import type { FlowDocument } from "../graph.ts";
import { studioAccountFixture, studioCorpus, studioIvrFixture } from "../testing/index.ts";
import { validateFlow } from "../validate.ts";
import pre2019 from "./fixtures/pre-2019.json" with { type: "json" };
import { STUDIO_WIDGET_EVENTS } from "./fixtures/studio-widget-library.ts";
import { importTwilioStudio, ImportError } from "./twilio-studio.ts";

const node = (doc: FlowDocument, id: string) => doc.nodes.find((n) => n.id === id);
const edgesOf = (doc: FlowDocument, id: string) =>
  Object.fromEntries(doc.edges.filter((e) => e.source === id).map((e) => [e.sourcePort, e.target]));

describe("importTwilioStudio: a DTMF + speech IVR with nested menus, HTTP and Liquid", () => {
  const { document: doc, report } = importTwilioStudio(studioIvrFixture);

  test("the result is a valid Ringflow flow", () => {
    expect(validateFlow(doc).filter((p) => p.severity === "error")).toEqual([]);
    expect(doc.name).toBe("Acme main IVR");
  });

  test("a gather followed by splits on its Digits and SpeechResult becomes one menu (keys and keywords per option)", () => {
    expect(node(doc, "main_menu")).toMatchObject({
      kind: "menu",
      position: { x: 20, y: 420 },
      params: {
        input: ["dtmf", "speech"],
        timeoutSeconds: 6,
        retries: 0,
        speechHints: ["sales", "support"],
        options: [
          { id: "Sales", label: "Sales", dtmf: "1", keywords: ["sales"] },
          { id: "Support", label: "Support", dtmf: "2", keywords: ["support", "help"] },
        ],
      },
    });
    expect(edgesOf(doc, "main_menu")).toEqual({
      Sales: "sales_menu",
      Support: "support_lookup",
      noInput: "goodbye",
      noMatch: "invalid",
    });
    expect(node(doc, "split_main")).toBeUndefined();
  });

  test("the nested menu plays audio and loops to itself on no input and no match, like the Studio flow", () => {
    expect(node(doc, "sales_menu")).toMatchObject({
      kind: "menu",
      params: {
        prompt: { type: "play", url: "https://acme.example.com/audio/sales-menu.mp3" },
        input: ["dtmf"],
      },
    });
    expect(edgesOf(doc, "sales_menu")).toEqual({
      New_customer: "new_sales",
      Existing_customer: "sales_queue",
      noInput: "sales_menu",
      noMatch: "sales_menu",
    });
  });

  test("Liquid references are rewritten to Ringflow's names", () => {
    expect(node(doc, "welcome")?.params).toEqual({
      text: { "en-US": "Thanks for calling Acme from {{call.from}}." },
      voice: "Polly.Joanna",
      loop: 1,
    });
    expect(node(doc, "support_lookup")?.params).toMatchObject({
      method: "POST",
      body: { type: "json", json: `{"phone": "{{call.from}}", "flow": "{{flow.flowId}}"}` },
    });
    expect(node(doc, "split_tier")?.params).toMatchObject({
      conditions: [
        { id: "Gold", subject: "{{nodes.support_lookup.body.tier}}", operator: "equals", value: "gold" },
      ],
    });
    expect(node(doc, "save_ticket")?.params).toEqual({
      assignments: [
        { variable: "ticket", value: "{{nodes.support_lookup.body.ticket}}" },
        { variable: "lookup_status", value: "{{nodes.support_lookup.status}}" },
      ],
    });
    expect(node(doc, "read_ticket")?.params).toMatchObject({
      text: { "en-US": "Your ticket number is {{vars.ticket}}." },
    });
    expect(node(doc, "thanks")?.params).toMatchObject({
      text: { "en-US": "Thanks, we got your {{nodes.voicemail.durationSeconds}} second message." },
    });
    expect(doc.variables).toEqual([
      { name: "lookup_status", type: "string", default: "" },
      { name: "ticket", type: "string", default: "" },
    ]);
  });

  test("connect-call-to, enqueue-call and record-voicemail keep their settings and paths", () => {
    expect(node(doc, "new_sales")?.params).toEqual({
      target: { type: "phone", value: "+14155550123" },
      callerId: "{{call.from}}",
      timeoutSeconds: 25,
      record: true,
    });
    expect(edgesOf(doc, "new_sales")).toEqual({
      answered: "voicemail",
      noAnswer: "voicemail",
      busy: "voicemail",
      failed: "voicemail",
    });
    expect(node(doc, "vip_line")?.params).toMatchObject({
      target: { type: "sip", value: "sip:vip@pbx.acme.example.com" },
    });
    expect(node(doc, "sales_queue")?.params).toEqual({ queue: "sales", priority: 5, maxWaitSeconds: 900 });
    expect(edgesOf(doc, "sales_queue")).toEqual({ overflow: "voicemail" });
    expect(node(doc, "voicemail")?.params).toEqual({
      mailbox: "voicemail",
      maxLengthSeconds: 120,
      transcribe: true,
      playBeep: true,
      finishOnKey: "#",
    });
    expect(edgesOf(doc, "voicemail")).toEqual({ recorded: "thanks", empty: "goodbye" });
  });

  test("the report names what needs attention, per widget", () => {
    expect(report).toEqual([
      { widget: "new_sales", type: "connect-call-to", issue: expect.stringContaining("recording consent") },
    ]);
  });
});

describe("importTwilioStudio: functions, subflows, two triggers, two languages, unsupported widgets", () => {
  const { document: doc, report } = importTwilioStudio(JSON.stringify(studioAccountFixture));

  test("both call triggers become start ports; message triggers are reported", () => {
    expect(node(doc, "start")?.params).toEqual({ accepts: ["inbound", "outbound"] });
    expect(edgesOf(doc, "start")).toEqual({ inbound: "hola", outbound: "callback_intro" });
    expect(report).toContainEqual({
      widget: "Trigger",
      type: "trigger",
      issue: `The incomingMessage trigger (to "notify_sms") is not imported: Ringflow flows answer calls.`,
    });
    expect(doc.languages).toEqual({ default: "en-US", supported: ["en-US", "es-MX"] });
    expect(node(doc, "callback_intro")?.params).toMatchObject({
      text: { "en-US": "This is Acme calling you back about order {{vars.order_id}}." },
      loop: 2,
    });
  });

  test("a gather whose split is not a plain menu becomes a collect node; the split keeps its conditions", () => {
    expect(node(doc, "account_number")).toMatchObject({
      kind: "collect",
      params: {
        input: "dtmf",
        minLength: 6,
        maxLength: 6,
        finishOnKey: "#",
        timeoutSeconds: 8,
        variable: "account_numberInput",
      },
    });
    const split = node(doc, "check_account")?.params as {
      conditions: { id: string; operator: string; value: string }[];
    };
    expect(split.conditions.map((c) => [c.id, c.operator, c.value])).toEqual([
      ["Looks_valid", "matchesRegex", "^[1-9]\\d{5}$"],
      ["Not_a_test", "notContains", "000"],
    ]);
    expect(report).toContainEqual(
      expect.objectContaining({
        widget: "check_account",
        issue: expect.stringContaining(`"is_before_time" test`),
      }),
    );
  });

  test("run-function is an HTTP request to the function's URL; run-subflow a subflow; record-call a start recording", () => {
    expect(node(doc, "lookup")).toMatchObject({
      kind: "httpRequest",
      params: {
        method: "POST",
        url: "https://acme-1234.twil.io/lookup",
        body: {
          type: "form",
          fields: [
            { name: "account", value: "{{nodes.account_number.digits}}" },
            { name: "from", value: "{{call.from}}" },
          ],
        },
      },
    });
    expect(edgesOf(doc, "lookup")).toEqual({ success: "verify", error: "record_it" });
    expect(node(doc, "verify")).toMatchObject({
      kind: "subflow",
      params: {
        flowId: "FW11111111111111111111111111111111",
        inputs: [{ variable: "customer_id", value: "{{nodes.lookup.body.customer_id}}" }],
      },
    });
    expect(node(doc, "record_it")).toMatchObject({ kind: "startRecording" });
  });

  test("Send Message becomes Send a text to the person on the call; nothing here is left as a hang-up", () => {
    expect(node(doc, "notify_sms")).toMatchObject({
      kind: "sendSms",
      params: { recipient: { type: "caller" }, body: "Hi" },
    });
    expect(report.filter((r) => r.issue.includes("callers who reach it are hung up"))).toEqual([]);
    expect(validateFlow(doc).filter((p) => p.severity === "error")).toEqual([]);
  });
});

describe("importTwilioStudio: formats it refuses", () => {
  test("the pre-2019 export format gets a clear error saying how to re-export", () => {
    expect(() => importTwilioStudio(pre2019)).toThrow(ImportError);
    expect(() => importTwilioStudio(pre2019)).toThrow(/format used before 2019.*export it again/);
  });

  test("not JSON, not a flow", () => {
    expect(() => importTwilioStudio("{oops")).toThrow(/This is not JSON/);
    expect(() => importTwilioStudio({ states: [] })).toThrow(/not a Twilio Studio flow definition/);
  });

  test("a Flow resource from the REST API is unwrapped", () => {
    const { document } = importTwilioStudio({ sid: "FW1", friendly_name: "x", definition: studioIvrFixture });
    expect(document.nodes).toHaveLength(importTwilioStudio(studioIvrFixture).document.nodes.length);
  });

  test("a transition to a missing widget is dropped and reported", () => {
    const broken = structuredClone(studioIvrFixture);
    (broken.states[1] as { transitions: { next: string; event: string }[] }).transitions = [
      { next: "nowhere", event: "audioComplete" },
    ];
    expect(importTwilioStudio(broken).report).toContainEqual({
      widget: "welcome",
      type: "say-play",
      issue: `A transition leads to "nowhere", which is not in the flow; it was dropped.`,
    });
  });
});

describe("importTwilioStudio: the corpus (fixtures/CALLER-PATHS.md)", () => {
  const runnable = {
    orderStatusSpeech: studioCorpus.orderStatusSpeech,
    supportCallback: studioCorpus.supportCallback,
    flexAndOutbound: studioCorpus.flexAndOutbound,
    textAndReply: studioCorpus.textAndReply,
    liquidForms: studioCorpus.liquidForms,
    virtualAgent: studioCorpus.virtualAgent,
    ivr: studioIvrFixture,
    account: studioAccountFixture,
  };
  const issuesOf = (report: { widget: string; issue: string }[], widget: string) =>
    report.filter((r) => r.widget === widget).map((r) => r.issue);

  test.each(Object.entries(runnable))("%s imports with no validation error", (_, flow) => {
    const { document, report } = importTwilioStudio(flow);
    expect(validateFlow(document).filter((p) => p.severity === "error")).toEqual([]);
    expect(report.filter((r) => r.issue.startsWith("Needs fixing"))).toEqual([]);
    expect(document.settings.apology).toEqual({});
  });

  test("keys and speech to different widgets: a split on the digits keeps both paths", () => {
    const { document: doc } = importTwilioStudio(studioCorpus.orderStatusSpeech);
    expect(edgesOf(doc, "ask")).toEqual({ valid: "ask_input", invalid: "ask_input", noInput: "bye" });
    expect(node(doc, "ask_input")).toMatchObject({
      kind: "split",
      params: { conditions: [{ id: "keypress", subject: "{{nodes.ask.digits}}", operator: "isNotEmpty" }] },
    });
    expect(edgesOf(doc, "ask_input")).toEqual({ keypress: "lookup_digits", else: "lookup_speech" });
    expect(node(doc, "ask")?.params).toMatchObject({
      input: "both",
      listenLanguage: "en-US",
      speechTimeoutSeconds: 3,
      speechModel: "numbers_and_commands",
    });
    expect(node(doc, "lookup_speech")?.params).toMatchObject({
      url: "https://orders.acme.example.com/search?source=ivr",
      query: [
        { name: "q", value: "{{nodes.ask.speech}}" },
        { name: "from", value: "{{call.from}}" },
      ],
    });
  });

  test("the report says what callers now hear or do, per widget", () => {
    const speech = importTwilioStudio(studioCorpus.orderStatusSpeech).report;
    // Its listening language, silence and speech model are kept, so nothing changes for the caller.
    expect(issuesOf(speech, "ask")).toEqual([]);
    const support = importTwilioStudio(studioCorpus.supportCallback).report;
    expect(issuesOf(support, "queue")).toEqual([
      expect.stringMatching(
        /Priority 500 is outside.*priority 100: level with other priority-100 callers instead of ahead of them/,
      ),
    ]);
    expect(issuesOf(support, "voicemail")).toEqual([
      expect.stringMatching(/after 5 s of silence instead of 10 s: callers who pause longer are cut off/),
      expect.stringMatching(/is trimmed; Studio kept it/),
      expect.stringMatching(/not sent to https:\/\/hooks.acme.example.com\/transcripts/),
    ]);
    expect(issuesOf(support, "dial_agent")).toContainEqual(
      expect.stringMatching(/Recording status is not sent to https:\/\/hooks.acme.example.com\/recordings/),
    );
    const flex = importTwilioStudio(studioCorpus.flexAndOutbound).report;
    expect(issuesOf(flex, "to_flex")).toContainEqual(
      "The agent sees the task attributes as caller details (Name, Type); TaskRouter's routing on them is not carried over: if the workflow chose agents by them, set the queue's required skills.",
    );
    expect(issuesOf(flex, "place_call")).toEqual([
      expect.stringMatching(
        /outbound call from the API.*Busy, unanswered and failed calls never reach the flow/,
      ),
      expect.stringMatching(/Answering machines are not detected/),
    ]);
    expect(node(importTwilioStudio(studioCorpus.flexAndOutbound).document, "text_details")).toMatchObject({
      kind: "sendSms",
      params: { recipient: { type: "caller" }, body: "Your appointment: {{vars.when}}" },
    });
    for (const widget of ["legacy", "pay"])
      expect(issuesOf(flex, widget)).toEqual([expect.stringContaining("callers who reach it are hung up")]);
  });

  test("speech settings Ringflow cannot keep as they are are said in the caller's terms", () => {
    const gather = (properties: Record<string, unknown>) =>
      importTwilioStudio({
        initial_state: "ask",
        states: [
          {
            name: "ask",
            type: "gather-input-on-call",
            transitions: [{ event: "speech", next: "ask" }],
            properties: { say: "Tell us why you are calling.", ...properties },
          },
        ],
      });
    const long = gather({ speech_timeout: "90", speech_model: "googlev2_telephony" });
    expect(node(long.document, "ask")?.params).toMatchObject({ speechTimeoutSeconds: 60 });
    expect(node(long.document, "ask")?.params).not.toHaveProperty("speechModel");
    expect(issuesOf(long.report, "ask")).toEqual([
      "Ringflow waits 60 s of silence before taking the caller's answer instead of 90 s.",
      `Speech is recognised with the provider's choice of model instead of "googlev2_telephony"; check that callers' answers are still understood.`,
    ]);
    const auto = gather({ speech_timeout: "auto", speech_model: "default" });
    expect(node(auto.document, "ask")?.params).not.toHaveProperty("speechTimeoutSeconds");
    expect(node(auto.document, "ask")?.params).not.toHaveProperty("speechModel");
    expect(issuesOf(auto.report, "ask")).toEqual([]);
  });

  test("a priority Studio takes from Liquid becomes the queue block's priority rule, with a note", () => {
    const { document: doc, report } = importTwilioStudio({
      initial_state: "queue",
      states: [
        {
          name: "queue",
          type: "enqueue-call",
          properties: { queue_name: "billing", workflow: "WW1", priority: "{{flow.variables.vip_priority}}" },
        },
      ],
    });
    expect(node(doc, "queue")?.params).toMatchObject({ priority: 0, priorityFrom: "{{vars.vip_priority}}" });
    expect(issuesOf(report, "queue")).toEqual([
      expect.stringMatching(
        /^The priority comes from Liquid; callers wait at what it gives when that is 0 to 100/,
      ),
    ]);
  });

  test("task attributes become the caller details the agent sees on the queue block", () => {
    const { document: doc } = importTwilioStudio(studioCorpus.flexAndOutbound);
    expect(node(doc, "to_flex")?.params).toMatchObject({
      queue: "WW11111111111111111111111111111111",
      priority: 10,
      agentView: {
        fields: [
          { label: "Name", value: "{{call.from}}", format: "phone" },
          { label: "Type", value: "inbound", format: "text" },
        ],
      },
    });
    const queued = (attributes: string, type = "enqueue-call") =>
      importTwilioStudio({
        initial_state: "queue",
        states: [
          {
            name: "queue",
            type,
            properties: {
              queue_name: "billing",
              workflow: "WW1",
              [type === "enqueue-call" ? "task_attributes" : "attributes"]: attributes,
            },
          },
        ],
      });
    const nested = queued(
      `{"customerName": "{{flow.variables.name}}", "account": {"tier_level": {{flow.variables.tier}}, "vip": true}}`,
    );
    expect(node(nested.document, "queue")?.params).toMatchObject({
      agentView: {
        fields: [
          { label: "Customer name", value: "{{vars.name}}", format: "text" },
          { label: "Account tier level", value: "{{vars.tier}}", format: "text" },
          { label: "Account vip", value: "true", format: "text" },
        ],
      },
    });
    expect(validateFlow(nested.document).filter((p) => p.severity === "error")).toEqual([]);
    const unreadable = queued(`name={{trigger.call.From}}`, "send-to-flex");
    expect(node(unreadable.document, "queue")?.params).not.toHaveProperty("agentView");
    expect(issuesOf(unreadable.report, "queue")).toContainEqual(
      "The task attributes are not a JSON object Ringflow can read, so the agent does not see them: name={{trigger.call.From}}",
    );
  });

  test("Send & Wait For Reply: the text is sent and No Reply is taken at once; the report says a reply is never heard", () => {
    const { document: doc, report } = importTwilioStudio(studioCorpus.textAndReply);
    expect(node(doc, "confirm_by_text")).toMatchObject({
      kind: "sendSms",
      params: {
        recipient: { type: "caller" },
        body: "Acme: reply YES to confirm your appointment, or NO to cancel it.",
      },
    });
    expect(edgesOf(doc, "confirm_by_text")).toEqual({ sent: "no_reply", failed: "not_delivered" });
    // The reply reads as nil, as in Studio when none came.
    expect(node(doc, "check_reply")?.params).toMatchObject({
      conditions: [{ subject: "{{nil}}", value: "YES" }],
    });
    expect(issuesOf(report, "confirm_by_text")).toEqual([
      `The text is sent, but Ringflow cannot receive the reply while the call goes on: instead of waiting up to 120 s, the flow goes on at once by No Reply ("no_reply"), as if the caller never answered. Callers who reply never reach "check_reply", and the reply (inbound.Body) reads as empty.`,
    ]);
    const flex = importTwilioStudio(studioCorpus.flexAndOutbound).report;
    expect(issuesOf(flex, "ask_reply")).toEqual([
      expect.stringMatching(/the flow goes on at once by No Reply \(the call ends\)/),
    ]);
  });

  test("condition names with Liquid become readable labels and port ids; DialCallStatus completed is answered", () => {
    const { document: doc } = importTwilioStudio(studioCorpus.supportCallback);
    expect(node(doc, "dial_result")?.params).toMatchObject({
      conditions: [
        { id: "If_value_equal_to_completed", label: "If value equal_to completed", value: "answered" },
        {
          id: "dial_agent_DialCallStatus_is_busy",
          label: "dial_agent DialCallStatus is busy",
          value: "busy",
        },
      ],
    });
    expect(node(doc, "thanks")?.params).toMatchObject({
      text: { "en-US": expect.stringContaining(`{% if nodes.dial_agent.status == "answered" %}`) },
    });
    expect(node(doc, "greet")?.params).toMatchObject({
      text: { "en-US": expect.stringContaining(`{% if vars.was_busy != "" %}`) },
    });
  });

  test("Liquid tests of flow variables keep Studio's meaning: nil and truthiness against empty text, blank as it was", () => {
    const { document: doc, report } = importTwilioStudio(studioCorpus.liquidForms);
    const text = (id: string) => (node(doc, id)?.params as { text: Record<string, string> }).text["en-US"];
    expect(text("forms")).toBe(
      [
        `{% if vars.unset != "" %}Unset is true.{% else %}Unset is false.{% endif %}`,
        `{% if vars.unset == "" %} Unset is nil.{% endif %}`,
        `{% if vars.unset != "" %} Unset is not nil.{% endif %}`,
        `{% if vars.unset == "" %} Nil is unset.{% endif %}`,
        `{% if vars.unset == blank %} Unset is blank.{% endif %}`,
        `{% if vars.unset != blank %} Unset is not blank.{% endif %}`,
        `{% unless vars.known != "" %} Known is missing.{% endunless %}`,
        `{% if vars.known != "" and vars.known == "yes" %} Known is yes.{% endif %}`,
        `{% if vars.unset != "" or vars.known != "" %} One of them is set.{% endif %}`,
        ` Hello {{ vars.unset | default: "stranger" }}.`,
      ].join(""),
    );
    // Empty text cannot tell unset from set to "": kept, and the report says what callers now do.
    expect(text("empty_test")).toContain("{% if vars.unset == empty %}");
    expect(issuesOf(report, "empty_test")).toEqual([
      `"flow.variables.unset == empty" is true in Ringflow before unset is set, where Studio found it false (an unset variable is nil there, not empty text): callers who reach it before unset is set now take its branch.`,
      `"flow.variables.cleared == empty" is true in Ringflow before cleared is set, where Studio found it false (an unset variable is nil there, not empty text): callers who reach it before cleared is set now take its branch.`,
    ]);
    const negated = importTwilioStudio({
      initial_state: "say",
      states: [
        {
          name: "say",
          type: "say-play",
          properties: { say: `{% if flow.data.name != "" %}Hi {{flow.data.name}}.{% endif %}` },
        },
      ],
    }).report;
    expect(negated).toEqual([
      expect.objectContaining({
        issue: expect.stringMatching(
          /^"flow.data.name != """ is false in Ringflow before name is set.*no longer take its branch/,
        ),
      }),
    ]);
  });

  test("covers every widget type and transition event of Studio's widget library", () => {
    const used = new Set(
      Object.values(runnable).flatMap((flow) =>
        flow.states.flatMap((state) =>
          (state.transitions as { event: string }[]).map((t) => `${state.type} ${t.event}`),
        ),
      ),
    );
    const missing = Object.entries(STUDIO_WIDGET_EVENTS).flatMap(([type, events]) =>
      events.map((event) => `${type} ${event}`).filter((pair) => !used.has(pair)),
    );
    expect(missing).toEqual([]);
  });

  test("widgets Ringflow cannot run say what the caller gets instead", () => {
    const { report } = importTwilioStudio(studioCorpus.virtualAgent);
    expect(issuesOf(report, "assistant")).toEqual([
      expect.stringMatching(
        /^The caller is not put through to the virtual agent.*callers who reach it are hung up/,
      ),
    ]);
    expect(issuesOf(report, "autopilot")).toEqual([
      expect.stringMatching(
        /^Autopilot \(which Twilio has retired\) cannot take the call; callers who reach it are hung up/,
      ),
    ]);
  });

  test("the pre-2019 states format is named, with how to export the current one", () => {
    expect(() => importTwilioStudio(studioCorpus.pre2019States)).toThrow(
      /format Studio exported before 2019 \(an InitialState trigger, a sid for every widget.*Show Flow JSON/,
    );
  });
});
