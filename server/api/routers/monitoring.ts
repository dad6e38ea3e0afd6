import { z } from "zod";
import * as dashboard from "@/server/services/monitoring";
import * as alerts from "@/server/services/alerts";
import * as sla from "@/server/services/sla";
import { fileFailures } from "@/server/monitoring/failures";
import { adminProcedure, router, viewerProcedure } from "../trpc";

const id = z.object({ id: z.string().uuid() });

export const monitoringRouter = router({
  /** The error dashboard in one call: failure rate over time, top errors, recent failures, per-workflow figures. */
  dashboard: viewerProcedure.input(dashboard.dashboardInputSchema).query(async ({ ctx, input }) => {
    // Catch up on failures not filed yet (the periodic job does it too; filing is idempotent and
    // reads only what is newer than the last pass), so top errors are current.
    await fileFailures(ctx.db, new Date());
    const [series, errors, recent, workflows] = await Promise.all([
      dashboard.failureRateSeries(ctx.db, ctx.workspaceId, input),
      dashboard.topErrors(ctx.db, ctx.workspaceId, input),
      dashboard.recentFailures(ctx.db, ctx.workspaceId, input),
      dashboard.workflowStats(ctx.db, ctx.workspaceId, input),
    ]);
    return { series, errors, recent, workflows };
  }),
  slaHealth: viewerProcedure.query(({ ctx }) => sla.slaHealthByWorkflow(ctx.db, ctx.workspaceId)),
  monitors: viewerProcedure.query(({ ctx }) => sla.listMonitors(ctx.db, ctx.workspaceId)),
  createMonitor: adminProcedure.input(sla.monitorInputSchema).mutation(({ ctx, input }) => sla.createMonitor(ctx.db, ctx.workspaceId, ctx.actor, input)),
  deleteMonitor: adminProcedure.input(id).mutation(({ ctx, input }) => sla.deleteMonitor(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  channels: viewerProcedure.query(({ ctx }) => alerts.listChannels(ctx.db, ctx.workspaceId)),
  createChannel: adminProcedure.input(alerts.channelInputSchema).mutation(({ ctx, input }) => alerts.createChannel(ctx.db, ctx.workspaceId, ctx.actor, input)),
  deleteChannel: adminProcedure.input(id).mutation(({ ctx, input }) => alerts.deleteChannel(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  rules: viewerProcedure.query(({ ctx }) => alerts.listRules(ctx.db, ctx.workspaceId)),
  saveRule: adminProcedure.input(alerts.ruleInputSchema.extend({ id: z.string().uuid().optional() })).mutation(({ ctx, input }) => alerts.saveRule(ctx.db, ctx.workspaceId, ctx.actor, input)),
  deleteRule: adminProcedure.input(id).mutation(({ ctx, input }) => alerts.deleteRule(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  incidents: viewerProcedure.query(({ ctx }) => alerts.listIncidents(ctx.db, ctx.workspaceId)),
  retention: viewerProcedure.query(({ ctx }) => sla.getRetention(ctx.db, ctx.workspaceId)),
  setRetention: adminProcedure.input(sla.retentionSchema).mutation(({ ctx, input }) => sla.setRetention(ctx.db, ctx.workspaceId, ctx.actor, input)),
});
