import { createCallerFactory, router } from "./trpc";
import { workflowRouter } from "./routers/workflow";
import { workspaceRouter } from "./routers/workspace";

export const appRouter = router({
  workflow: workflowRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
