import { z } from "zod";
import * as runs from "@/server/services/runs";
import { runSingleStep } from "@/server/services/single-step-run";
import { getAppRegistry } from "@/server/app-registry";
import * as history from "@/server/services/executions-query";
import * as actions from "@/server/services/retry";
import { runsCursorSchema, runsFilterSchema } from "@/server/services/executions-query";
import { adminProcedure, editorProcedure, router, viewerProcedure } from "../trpc";

const workflowId = z.string().uuid("Not a workflow id");

export const runRouter = router({
  /**
   * Runs the saved draft as a test execution, from the Manual trigger (or else the first trigger);
   * the payload defaults to that trigger's test data (typed, or a captured test event).
   */
  startTest: editorProcedure
    .input(z.object({ workflowId, payload: z.unknown().optional(), triggerNodeId: z.string().max(64).optional() }))
    .mutation(({ ctx, input }) =>
      runs.startTestRun(ctx.db, ctx.workspaceId, { workflowId: input.workflowId, payload: input.payload, triggerNodeId: input.triggerNodeId, userId: ctx.user.id }, { registry: getAppRegistry(ctx.db) }),
    ),
  /** "Run this step": one node of the saved draft on the editor's sample data of the steps before it. */
  step: editorProcedure
    .input(
      z.object({
        workflowId,
        nodeId: z.string().min(1).max(64),
        trigger: z.unknown().optional(),
        steps: z.record(z.string().max(64), z.unknown()).default({}),
      }),
    )
    .mutation(({ ctx, input }) => runSingleStep(ctx.db, ctx.workspaceId, ctx.actor, input, { registry: getAppRegistry(ctx.db) })),
  /** One execution with its steps (polled by the editor while a test run is going). */
  get: viewerProcedure.input(z.object({ id: z.string().max(64) })).query(({ ctx, input }) => runs.getExecution(ctx.db, ctx.workspaceId, input.id)),
  /** The most recent test execution of a workflow, for the data-mapping panel's sample data. */
  latestTest: viewerProcedure.input(z.object({ workflowId })).query(async ({ ctx, input }) => {
    const [last] = await runs.listExecutions(ctx.db, ctx.workspaceId, { workflowId: input.workflowId, mode: "test", limit: 1 });
    return last ? runs.getExecution(ctx.db, ctx.workspaceId, last.id) : null;
  }),
  cancel: editorProcedure.input(z.object({ id: z.string().max(64) })).mutation(({ ctx, input }) => actions.cancelRun(ctx.db, ctx.workspaceId, ctx.actor, input.id, { registry: getAppRegistry(ctx.db) })),
  // Run history (the Runs page and run viewer).
  list: viewerProcedure
    .input(z.object({ filter: runsFilterSchema.default({}), cursor: runsCursorSchema.nullish(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => history.listRuns(ctx.db, ctx.workspaceId, input.filter, { cursor: input.cursor ?? undefined, limit: input.limit })),
  counts: viewerProcedure.input(z.object({ filter: runsFilterSchema.default({}) })).query(({ ctx, input }) => history.countRunsByStatus(ctx.db, ctx.workspaceId, input.filter)),
  graph: viewerProcedure.input(z.object({ id: z.string().max(64) })).query(({ ctx, input }) => history.getExecutionGraph(ctx.db, ctx.workspaceId, input.id)),
  links: viewerProcedure.input(z.object({ id: z.string().max(64) })).query(({ ctx, input }) => actions.retryLinks(ctx.db, ctx.workspaceId, input.id)),
  retry: editorProcedure
    .input(z.object({ id: z.string().max(64), graph: z.enum(["latest", "ran"]).default("latest") }))
    .mutation(({ ctx, input }) => actions.retryFromFailedStep(ctx.db, ctx.workspaceId, ctx.actor, { executionId: input.id, graph: input.graph }, { registry: getAppRegistry(ctx.db) })),
  replay: editorProcedure
    .input(z.object({ id: z.string().max(64), on: z.enum(["published", "ran"]) }))
    .mutation(({ ctx, input }) => actions.replayExecution(ctx.db, ctx.workspaceId, ctx.actor, { executionId: input.id, on: input.on }, { registry: getAppRegistry(ctx.db) })),
  bulkRetry: adminProcedure
    .input(z.object({ filter: runsFilterSchema.default({}) }))
    .mutation(({ ctx, input }) => actions.bulkRetry(ctx.db, ctx.workspaceId, ctx.actor, input.filter, { registry: getAppRegistry(ctx.db) })),
});
