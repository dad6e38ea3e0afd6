// Input schemas for workflow use cases, derived from the Drizzle table so the two cannot drift.
import { createInsertSchema } from "drizzle-zod";
import { z } from "zod";
import { workflows } from "@/db/schema";

export const WORKFLOW_NAME_MAX = 120;

const name = z
  .string()
  .trim()
  .min(1, "Give the workflow a name.")
  .max(WORKFLOW_NAME_MAX, `Keep the name under ${WORKFLOW_NAME_MAX} characters.`);
const tag = z.string().trim().min(1).max(40, "Keep each tag under 40 characters.");

const workflowInsert = createInsertSchema(workflows, {
  name: () => name,
  description: (s) => s.max(2000, "Keep the description under 2,000 characters."),
  tags: () => z.array(tag).max(20, "Use at most 20 tags."),
});

export const createWorkflowInput = workflowInsert.pick({ name: true, description: true, tags: true }).partial({ description: true, tags: true });
export type CreateWorkflowInput = z.input<typeof createWorkflowInput>;

export const updateWorkflowInput = createWorkflowInput.partial();
export type UpdateWorkflowInput = z.input<typeof updateWorkflowInput>;

export const workflowStatusFilter = z.enum(["draft", "active", "paused"]);

export const listWorkflowsInput = z.object({
  search: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  status: workflowStatusFilter.optional(),
});
export type ListWorkflowsInput = z.infer<typeof listWorkflowsInput>;
