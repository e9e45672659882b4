import type { FlowDiff, FlowDocument } from "@ringflow/flow-schema";
import { useQuery, useQueryClient, useMutation } from "@tanstack/react-query";
import { Download, History, Phone, PhoneCall, Rocket } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { navigate, useLocation } from "../app/router.ts";
import { describeRef, diffCanvas, diffStore } from "../history/diff-canvas.ts";
import { DiffPanel } from "../history/diff-panel.tsx";
import { HistoryPanel, type DocumentRef } from "../history/history-panel.tsx";
import { FlowChoicesContext } from "../inspector/inspector.tsx";
import { SimulatorPanel } from "../simulator/simulator-panel.tsx";
import { blockName } from "../store/block-name.ts";
import { createFlowStore, type FlowStore } from "../store/flow-store.ts";
import { useNumberProviders } from "./use-number-providers.ts";
import { useAutosave, type SaveState } from "./autosave.ts";
import { EditorShell } from "./editor-shell.tsx";
import { NumbersPanel } from "./numbers-panel.tsx";
import { PublishDialog } from "./publish-dialog.tsx";
import { SaveTestCase } from "../test-cases/save-test-case.tsx";
import { TestCasesPanel } from "../test-cases/test-cases-panel.tsx";
import { TestStatus } from "../test-cases/test-status.tsx";

type LoadedFlow = RouterOutputs["flows"]["get"];
type Panel = "inspector" | "history" | "test" | "numbers" | "tests";

interface DiffView {
  store: FlowStore;
  diff: FlowDiff;
  /** "Changes from version 1 to version 2": the panel's title and the banner's subject. */
  title: string;
  before: FlowDocument;
  after: FlowDocument;
}

/** `?version=3`: the editor opens on that published version, read-only (the Calls page links a call's version). */
const versionParam = (search: URLSearchParams) => {
  const n = Number(search.get("version"));
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function EditorPage({ flowId }: { flowId: string }) {
  const viewing = versionParam(useLocation().search);
  const flow = useQuery({
    queryKey: ["flows.get", flowId],
    queryFn: () => trpc.flows.get.query({ flowId }),
    staleTime: Infinity,
  });
  if (flow.isPending) return <p className="page muted">Opening the flow…</p>;
  if (flow.error)
    return (
      <main className="page">
        <p className="error" role="alert">
          {errorMessage(flow.error)}
        </p>
        <button type="button" onClick={() => navigate("/")}>
          Back to flows
        </button>
      </main>
    );
  return <LoadedEditor key={`${flowId}:${flow.dataUpdatedAt}`} flow={flow.data} viewing={viewing} />;
}

function saveLabel(state: SaveState): string {
  switch (state.status) {
    case "saved":
      return state.at ? `Saved ${state.at.toLocaleTimeString()}` : "All changes saved";
    case "pending":
      return "Unsaved changes…";
    case "saving":
      return "Saving…";
    case "error":
      return `Not saved: ${state.message}`;
    case "conflict":
      return "Not saved: newer draft exists";
  }
}

/** A published version shown as it is, read-only. */
interface VersionView {
  number: number;
  store: FlowStore;
}

function LoadedEditor({ flow, viewing }: { flow: LoadedFlow; viewing: number | null }) {
  const client = useQueryClient();
  const store = useMemo(() => createFlowStore(flow.draft), [flow.draft]);
  useNumberProviders(store, flow.id);
  const autosave = useAutosave(store, flow.id, {
    revision: flow.draftRevision,
    updatedAt: String(flow.draftUpdatedAt),
  });
  const [panel, setPanel] = useState<Panel>("inspector");
  // The test cases run on the draft as saved: after every save, not while changes wait.
  const savedRevision = autosave.state.status === "saved" ? autosave.revision.current : null;
  // Choosing a block while history or numbers are open means editing it: show the inspector.
  // The test call stays open, so the admin can watch the call while looking at blocks.
  useEffect(
    () =>
      store.subscribe((s, previous) => {
        if (s.nodes === previous.nodes) return;
        const selected = s.nodes.filter((n) => n.selected);
        if (selected.length === 1 && !previous.nodes.includes(selected[0]!))
          setPanel((p) => (p === "history" || p === "numbers" || p === "tests" ? "inspector" : p));
      }),
    [store],
  );
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [diffView, setDiffView] = useState<DiffView | null>(null);
  const [diffError, setDiffError] = useState<string | null>(null);
  const [versionView, setVersionView] = useState<VersionView | null>(null);
  const [versionError, setVersionError] = useState<string | null>(null);
  // The address names the version to look at; History's "Look at this version" changes the address too.
  useEffect(() => {
    setVersionError(null);
    if (viewing === null) return setVersionView(null);
    let stale = false;
    trpc.flows.version
      .query({ flowId: flow.id, number: viewing })
      .then(({ document }) => {
        if (stale) return;
        const versionStore = createFlowStore();
        versionStore.getState().load(document, { readOnly: true });
        setVersionView({ number: viewing, store: versionStore });
        setPanel("history");
      })
      .catch((error: unknown) => !stale && setVersionError(errorMessage(error)));
    return () => {
      stale = true;
    };
  }, [flow.id, viewing]);
  const viewVersion = (number: number | null) =>
    navigate(number === null ? `/flows/${flow.id}` : `/flows/${flow.id}?version=${number}`);
  const [name, setName] = useState(flow.name);
  const versions = useQuery({
    queryKey: ["flows.versions", flow.id],
    queryFn: () => trpc.flows.versions.query({ flowId: flow.id }),
  });
  const live = versions.data?.find((v) => v.live);
  const flows = useQuery({
    queryKey: ["flows.list"],
    queryFn: () => trpc.flows.list.query({ includeArchived: false }),
  });
  const otherFlows = useMemo(
    () => (flows.data ?? []).filter((f) => f.id !== flow.id).map((f) => ({ id: f.id, name: f.name })),
    [flows.data, flow.id],
  );
  const rename = useMutation({
    mutationFn: (next: string) => trpc.flows.rename.mutate({ flowId: flow.id, name: next }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["flows.list"] }),
  });

  const loadRef = async (ref: DocumentRef): Promise<FlowDocument> =>
    ref === "draft"
      ? store.getState().document()
      : (await trpc.flows.version.query({ flowId: flow.id, number: ref })).document;

  const compare = async (from: DocumentRef, to: DocumentRef) => {
    setDiffError(null);
    try {
      await autosave.flush();
      const [before, after, sent] = await Promise.all([
        loadRef(from),
        loadRef(to),
        trpc.flows.diff.query({ flowId: flow.id, from, to }),
      ]);
      // JSON drops `before: undefined` (an added field); that is all that differs from FlowDiff.
      const diff = sent as FlowDiff;
      setDiffView({
        store: diffStore(diffCanvas(before, after, diff)),
        diff,
        title: `Changes from ${describeRef(from)} to ${describeRef(to)}`,
        before,
        after,
      });
    } catch (error) {
      setDiffError(errorMessage(error));
    }
  };

  // The live version becomes the draft (one undoable change, saved like any other), so the canvas shows it.
  const rolledBack = async (versionNumber: number) => {
    const { document } = await trpc.flows.version.query({ flowId: flow.id, number: versionNumber });
    store.getState().replaceDocument(document);
    setNotice(
      `Version ${versionNumber} is live again and shown here as the draft. Ctrl+Z brings back the draft you had.`,
    );
  };

  const exportFlow = async () => {
    const { fileName, document } = await trpc.flows.export.query({ flowId: flow.id, version: "draft" });
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(document, null, 2)], { type: "application/json" }),
    );
    const a = Object.assign(window.document.createElement("a"), { href: url, download: fileName });
    a.click();
    URL.revokeObjectURL(url);
  };

  const conflict = autosave.state.status === "conflict" ? autosave.state.theirs : null;

  const title = (
    <>
      <nav aria-label="You are here" className="crumbs">
        <button type="button" className="link back" onClick={() => navigate("/")} aria-label="Back to flows">
          ← Flows
        </button>
        <span className="sep" aria-hidden="true">
          ›
        </span>
      </nav>
      <input
        className="flow-name"
        aria-label="Flow name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => {
          if (name.trim() && name !== flow.name) {
            rename.mutate(name.trim());
            store.getState().updateMeta({ name: name.trim() });
          }
        }}
      />
      <span className={`save-state save-${autosave.state.status}`} role="status">
        {saveLabel(autosave.state)}
      </span>
      {live ? (
        <span className="pill live">Version {live.number} live</span>
      ) : (
        <span className="pill">Not published</span>
      )}
    </>
  );

  const toggle = (p: Panel) => setPanel((current) => (current === p ? "inspector" : p));
  const actions =
    diffView || versionView ? null : (
      <>
        <button
          type="button"
          className={panel === "test" ? "tab-button active" : "tab-button"}
          onClick={() => toggle("test")}
        >
          <PhoneCall size={16} /> Test call
        </button>
        <TestStatus flowId={flow.id} revision={savedRevision} onOpen={() => setPanel("tests")} />
        <button
          type="button"
          className={panel === "history" ? "tab-button active" : "tab-button"}
          onClick={() => toggle("history")}
        >
          <History size={16} /> History
        </button>
        <button
          type="button"
          className={panel === "numbers" ? "tab-button active" : "tab-button"}
          onClick={() => toggle("numbers")}
        >
          <Phone size={16} /> Numbers
        </button>
        <button
          type="button"
          className="tab-button"
          onClick={() => void exportFlow()}
          title="Download the flow as JSON"
        >
          <Download size={16} /> Export
        </button>
        <button type="button" className="primary" onClick={() => setPublishing(true)}>
          <Rocket size={16} /> Publish
        </button>
      </>
    );

  const sidePanel = diffView ? (
    <DiffPanel {...diffView} onClose={() => setDiffView(null)} />
  ) : panel === "history" ? (
    <HistoryPanel
      flowId={flow.id}
      onCompare={(a, b) => void compare(a, b)}
      onRolledBack={rolledBack}
      viewing={versionView?.number ?? null}
      onView={viewVersion}
      onClose={() => {
        setPanel("inspector");
        if (versionView) viewVersion(null);
      }}
    />
  ) : panel === "test" ? (
    <SimulatorPanel
      onClose={() => setPanel("inspector")}
      endActions={(callId) => <SaveTestCase flowId={flow.id} callId={callId} prepare={autosave.flush} />}
    />
  ) : panel === "tests" ? (
    <TestCasesPanel flowId={flow.id} revision={savedRevision} onClose={() => setPanel("inspector")} />
  ) : panel === "numbers" ? (
    <NumbersPanel flowId={flow.id} published={Boolean(live)} onClose={() => setPanel("inspector")} />
  ) : undefined;

  const banner = (
    <>
      {diffView && (
        <div className="banner info" role="status">
          Showing: {diffView.title.charAt(0).toLowerCase() + diffView.title.slice(1)}. The canvas is
          read-only.
          <button type="button" className="secondary" onClick={() => setDiffView(null)}>
            Back to editing
          </button>
        </div>
      )}
      {versionView && !diffView && (
        <div className="banner info" role="status">
          Showing version {versionView.number} as it was published
          {live?.number === versionView.number ? " (live now)" : ""}. The canvas is read-only.
          <button type="button" className="secondary" onClick={() => viewVersion(null)}>
            Back to the draft
          </button>
        </div>
      )}
      {versionError && (
        <div className="banner warning" role="alert">
          Could not open version {viewing}: {versionError}
        </div>
      )}
      {conflict && !diffView && (
        <div className="banner warning" role="alert">
          Someone else saved this flow at {new Date(conflict.updatedAt).toLocaleTimeString()}. Your changes
          are kept here and not saved yet.
          <button type="button" className="secondary" onClick={() => void compareConflict(conflict.document)}>
            Compare
          </button>
          <button type="button" className="secondary" onClick={() => autosave.takeTheirs(conflict)}>
            Load their version (Ctrl+Z brings yours back)
          </button>
          <button type="button" className="secondary" onClick={() => void autosave.keepMine(conflict)}>
            Keep mine
          </button>
        </div>
      )}
      {notice && (
        <div className="banner success" role="status">
          {notice}
          <button type="button" className="link" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {diffError && (
        <div className="banner warning" role="alert">
          Could not compare: {diffError}
        </div>
      )}
    </>
  );

  function compareConflict(theirs: FlowDocument) {
    const view = diffCanvas(theirs, store.getState().document());
    setDiffView({
      store: diffStore(view),
      diff: view.diff,
      title: "Your unsaved changes compared with the draft they saved",
      before: theirs,
      after: store.getState().document(),
    });
  }

  return (
    <>
      <FlowChoicesContext.Provider value={otherFlows}>
        <EditorShell
          key={diffView ? "diff" : versionView ? `version-${versionView.number}` : "draft"}
          store={diffView?.store ?? versionView?.store ?? store}
          title={title}
          actions={actions}
          sidePanel={sidePanel}
          banner={banner}
        />
      </FlowChoicesContext.Provider>
      {publishing && (
        <PublishDialog
          flowId={flow.id}
          revision={savedRevision}
          problems={store.getState().problems}
          blockNameOf={(id) => {
            const node = store.getState().nodes.find((n) => n.id === id);
            return node ? blockName(node) : null;
          }}
          prepare={async () => {
            await autosave.flush();
            return autosave.revision.current;
          }}
          onCancel={() => setPublishing(false)}
          onShowProblem={(nodeId) => {
            setPublishing(false);
            store.getState().select([nodeId]);
          }}
          onDone={(result) => {
            setPublishing(false);
            setNotice(`Version ${result.version.number} is live.`);
          }}
        />
      )}
    </>
  );
}
