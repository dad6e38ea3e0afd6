import { createCallerFactory, router } from "./trpc";
import { workflowRouter } from "./routers/workflow";
import { workspaceRouter } from "./routers/workspace";
import { dataRouter } from "./routers/data";
import { runRouter } from "./routers/run";
import { credentialRouter } from "./routers/credential";
import { triggerRouter } from "./routers/trigger";
import { templateRouter } from "./routers/template";
import { monitoringRouter } from "./routers/monitoring";
import { auditRouter } from "./routers/audit";
import { progressRouter } from "./routers/progress";

export const appRouter = router({
  workflow: workflowRouter,
  workspace: workspaceRouter,
  data: dataRouter,
  run: runRouter,
  credential: credentialRouter,
  trigger: triggerRouter,
  template: templateRouter,
  monitoring: monitoringRouter,
  audit: auditRouter,
  progress: progressRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
