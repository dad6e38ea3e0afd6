"use client";
// Runs the workflow linter shortly after each change (the same rules publishing applies) and
// works out whether the draft differs from the live version.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { definitionOf } from "@/components/editor/catalog";
import { lintWorkflow, type LintSettings } from "@/server/services/lint";
import { useTRPC } from "@/components/trpc/client";
import { canonicalJson } from "@/components/canvas/graph-mapping";
import { editor, useEditorStore } from "./editor-store";

const LINT_DEBOUNCE_MS = 250;

export function useLint(workflowId: string, publishedVersion: number | null) {
  const trpc = useTRPC();
  const settings = useQuery({ ...trpc.workflow.lintSettings.queryOptions({ id: workflowId }), staleTime: 60_000 });
  const live = useQuery({ ...trpc.workflow.version.queryOptions({ id: workflowId, version: publishedVersion ?? 1 }), enabled: publishedVersion !== null, staleTime: Infinity });
  const [unpublished, setUnpublished] = useState(false);
  const liveJson = live.data ? canonicalJson(live.data.graph) : null;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const graph = editor.graph();
      editor.setIssues(lintWorkflow(graph, definitionOf, (settings.data ?? {}) as LintSettings));
      setUnpublished(liveJson !== null && canonicalJson(graph) !== liveJson);
    };
    run();
    const unsubscribe = useEditorStore.subscribe((s, prev) => {
      if (s.editCount === prev.editCount) return;
      clearTimeout(timer);
      timer = setTimeout(run, LINT_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [settings.data, liveJson]);

  return { unpublished: publishedVersion === null ? true : unpublished };
}
