"use client";
// Test runs: save the draft, start it, then follow the execution until it ends, painting each
// node's status on the canvas. Live: each progress event (server-sent, from the engine's bus)
// refetches the execution; a slow poll covers a dropped connection.
import { useCallback, useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC, errorDetails } from "@/components/trpc/client";
import { editor, useEditorStore } from "./editor-store";
import { runStatusByNode, takenEdges, TERMINAL_RUN, type RunView } from "./sample-data";

const POLL_MS = 2000;

export function useTestRun(workflowId: string, saveNow: () => Promise<boolean>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [executionId, setExecutionId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const latest = useQuery({ ...trpc.run.latestTest.queryOptions({ workflowId }), staleTime: Infinity });
  const current = useQuery({
    ...trpc.run.get.queryOptions({ id: executionId ?? "" }),
    enabled: executionId !== null,
    refetchInterval: (q) => (q.state.data && TERMINAL_RUN.has(q.state.data.status) ? false : POLL_MS),
  });
  const start = useMutation(trpc.run.startTest.mutationOptions());
  useSubscription(
    trpc.progress.onExecution.subscriptionOptions(
      { id: executionId ?? "" },
      { enabled: executionId !== null, onData: () => void current.refetch() },
    ),
  );

  const run = (executionId ? current.data : latest.data) as RunView | null | undefined;
  const running = start.isPending || (executionId !== null && (!current.data || !TERMINAL_RUN.has(current.data.status)));

  useEffect(() => {
    if (!executionId || !current.data) return;
    const { nodes, edges } = useEditorStore.getState();
    const run = current.data as RunView;
    editor.setRunStatus(runStatusByNode(run, nodes.filter((n) => n.data.type !== "note").map((n) => n.id)), takenEdges(run, edges));
  }, [executionId, current.data]);

  useEffect(() => {
    if (executionId && current.data && TERMINAL_RUN.has(current.data.status)) {
      void queryClient.invalidateQueries({ queryKey: trpc.run.latestTest.queryKey({ workflowId }) });
    }
  }, [executionId, current.data, queryClient, trpc, workflowId]);

  const startTest = useCallback(async () => {
    setStartError(null);
    if (!(await saveNow())) {
      setStartError("Save the draft first: it could not be saved.");
      return;
    }
    editor.setRunStatus({});
    try {
      const r = await start.mutateAsync({ workflowId });
      setExecutionId(r.executionId);
    } catch (e) {
      setStartError(errorDetails(e).message);
    }
  }, [saveNow, start, workflowId]);

  const clear = useCallback(() => {
    setExecutionId(null);
    editor.setRunStatus({});
  }, []);

  return { run, running, startTest, startError, clear, isLive: executionId !== null };
}
