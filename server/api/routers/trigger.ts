import { z } from "zod";
import { getWorkflow } from "@/server/services/workflows";
import { listWebhookEndpoints } from "@/server/services/webhook-endpoints";
import { router, viewerProcedure } from "../trpc";

export const triggerRouter = router({
  /** The webhook URLs of a workflow's triggers (by node id), with what they last received. */
  endpoints: viewerProcedure.input(z.object({ workflowId: z.string().uuid() })).query(async ({ ctx, input }) => {
    await getWorkflow(ctx.db, ctx.workspaceId, input.workflowId);
    const rows = await listWebhookEndpoints(ctx.db, ctx.workspaceId, input.workflowId);
    return rows.map((r) => ({
      nodeId: r.nodeId,
      productionPath: `/api/hooks/${r.token}`,
      testPath: `/api/hooks/test/${r.token}`,
      lastEventAt: r.lastEventAt,
      lastTestEvent: r.lastTestEvent,
      signatureFailures: r.signatureFailures,
    }));
  }),
});
