"use client";
// The editor island: loads the draft into the store once, then wires canvas, panels, autosave,
// linting, test runs and shortcuts together.
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Toast } from "@/components/ui/toast";
import { FlowCanvas } from "@/components/canvas/flow-canvas";
import { readStoredGraph } from "@/components/canvas/graph-mapping";
import { SampleDataContext } from "@/components/node-config/sample-context";
import { editor, useEditorStore } from "./editor-store";
import { useAutosave } from "./use-autosave";
import { useLint } from "./use-lint";
import { useTestRun } from "./use-test-run";
import { clearStepRuns, stepRunOutputs, useStepRun, useStepRuns } from "./use-step-run";
import { useShortcuts } from "./use-shortcuts";
import { useAddStep } from "./use-add-step";
import { buildSampleContext, flattenFields, upstreamOf, type RunView } from "./sample-data";
import { referenceExpression } from "./references";
import { definitionOf } from "./catalog";
import { EditorHeader } from "./editor-header";
import { ConflictBanner } from "./conflict-banner";
import { Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { SidePanel } from "./side-panel";
import { PublishDialog } from "./publish-dialog";
import { VersionsDrawer } from "./versions-drawer";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { QuickAddDialog } from "./quick-add-dialog";

export interface EditorWorkflow {
  id: string;
  name: string;
  draftGraph: unknown;
  draftRevision: number;
  publishedVersion: number | null;
}

export function WorkflowEditor({ workflow, readOnly }: { workflow: EditorWorkflow; readOnly: boolean }) {
  // Load once per mounted editor, before the canvas first renders. Never on the server: the
  // store is module-level, so there it would be shared between requests (and server rendering
  // sees zustand's initial state anyway).
  useState(() => {
    if (typeof window !== "undefined") {
      editor.load(readStoredGraph(workflow.draftGraph), { draftRevision: workflow.draftRevision, readOnly });
      clearStepRuns();
    }
    return true;
  });
  return (
    <ReactFlowProvider>
      <EditorLayout workflow={workflow} />
    </ReactFlowProvider>
  );
}

function SampleProvider({ run, children }: { run: RunView | null | undefined; children: ReactNode }) {
  const editCount = useEditorStore((s) => s.editCount);
  const selectedId = useEditorStore((s) => s.selectedId);
  const stepResults = useStepRuns((s) => s.results);
  const value = useMemo(() => {
    const { nodes, edges } = useEditorStore.getState();
    const names = new Map(nodes.map((n) => [n.id, n.data.name]));
    const context = buildSampleContext(run, nodes, stepRunOutputs(stepResults)).context;
    const fields = [];
    for (const id of selectedId && context ? upstreamOf(selectedId, edges) : []) {
      const node = nodes.find((n) => n.id === id);
      const isTrigger = node && definitionOf(node.data.type)?.kind === "trigger";
      const sample = isTrigger ? context!.trigger : context!.steps[id];
      const source = isTrigger ? ({ kind: "trigger" } as const) : ({ kind: "step", nodeId: id } as const);
      for (const f of flattenFields(sample)) fields.push({ ref: referenceExpression(source, f.path), label: `${names.get(id)} › ${f.path.join(".")}`, preview: f.preview });
    }
    return { context, nameOf: (id: string) => names.get(id), fields };
    // editCount: names, connections and pinned test data change with edits.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run, editCount, selectedId, stepResults]);
  return <SampleDataContext.Provider value={value}>{children}</SampleDataContext.Provider>;
}

function EditorLayout({ workflow }: { workflow: EditorWorkflow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [liveVersion, setLiveVersion] = useState(workflow.publishedVersion);
  const [dialog, setDialog] = useState<"publish" | "versions" | "help" | null>(null);
  const empty = useEditorStore((s) => s.nodes.length === 0);
  const notice = useEditorStore((s) => s.notice);
  const { saveNow, overwrite } = useAutosave(workflow.id);
  const { unpublished } = useLint(workflow.id, liveVersion);
  const test = useTestRun(workflow.id, saveNow);
  const runStep = useStepRun(workflow.id, saveNow);
  const addStep = useAddStep();
  // A new test run replaces the single-step results: its outputs are the newer sample.
  const startTest = useCallback(() => {
    clearStepRuns();
    void test.startTest();
  }, [test]);
  const handlers = useMemo(() => ({ onHelp: () => setDialog("help"), onSave: () => void saveNow(), onTestRun: startTest }), [saveNow, startTest]);
  useShortcuts(handlers);
  const toast = useMemo(() => (notice ? { id: notice.id, text: notice.text } : null), [notice]);
  const onPublished = useCallback(
    (version: number) => {
      setLiveVersion(version);
      void queryClient.invalidateQueries({ queryKey: trpc.workflow.versions.queryKey({ id: workflow.id }) });
    },
    [queryClient, trpc, workflow.id],
  );

  return (
    <SampleProvider run={test.run}>
      {/* The full height of the app's main area; the app navigation stays usable beside it. */}
      <div className="flex h-screen flex-col bg-slate-50">
        <EditorHeader
          name={workflow.name}
          liveVersion={liveVersion}
          unpublished={unpublished}
          run={test.run}
          running={test.running}
          runIsLive={test.isLive}
          onTestRun={startTest}
          onPublish={() => setDialog("publish")}
          onVersions={() => setDialog("versions")}
          onHelp={() => setDialog("help")}
        />
        <ConflictBanner onOverwrite={() => void overwrite()} />
        {test.startError && (
          <p role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900">
            Test run not started: {test.startError}
          </p>
        )}
        <div className="flex min-h-0 flex-1">
          <Palette onPick={(type) => void addStep(type)} />
          <div className="flex min-w-0 flex-1 flex-col">
            <div className="relative min-h-0 flex-1">
              <FlowCanvas />
              {empty && (
                <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
                  <p className="max-w-sm rounded-lg border border-dashed border-slate-300 bg-white/90 p-6 text-center text-sm text-slate-600">
                    Start with a trigger: drag <strong>Manual trigger</strong> from the list on the left onto the canvas, or click it.
                  </p>
                </div>
              )}
            </div>
            <ProblemsPanel />
          </div>
          <SidePanel run={test.run} onRunStep={(nodeId, context) => void runStep(nodeId, context)} />
        </div>
      </div>
      <PublishDialog open={dialog === "publish"} onClose={() => setDialog(null)} workflowId={workflow.id} nextVersion={(liveVersion ?? 0) + 1} saveNow={saveNow} onPublished={onPublished} />
      {dialog === "versions" && <VersionsDrawer workflowId={workflow.id} liveVersion={liveVersion} onClose={() => setDialog(null)} />}
      <ShortcutsDialog open={dialog === "help"} onClose={() => setDialog(null)} />
      <QuickAddDialog onPick={(type, from) => void addStep(type, from)} />
      <div className="relative z-50">
        <Toast toast={toast} onDone={editor.clearNotice} ms={5000} />
      </div>
    </SampleProvider>
  );
}
