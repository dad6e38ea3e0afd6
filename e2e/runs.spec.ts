// An admin opens a failed run, sees the failing step highlighted with its error, fixes the step
// and retries from the failed step: the run succeeds and the steps before it did not run again.
// The fix is saved to the draft through tRPC (the same call the editor's autosave makes).
import { expect, test, type Page } from "@playwright/test";
import { signUp, snap, trpcCall } from "./helpers";


const graph = (score: string) => ({
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "trigger.manual", name: "Start", position: { x: 0, y: 0 }, config: { testData: '{"name":"Ada","email":"ada@example.test"}' } },
    { id: "prep", type: "data.set", name: "Prepare lead", position: { x: 280, y: 0 }, config: { fields: [{ name: "greeting", value: "Hello {{ trigger.name }}" }] } },
    { id: "score", type: "data.set", name: "Score lead", position: { x: 560, y: 0 }, config: { fields: [{ name: "score", value: score }] } },
    { id: "done", type: "data.set", name: "Mark done", position: { x: 840, y: 0 }, config: { fields: [{ name: "status", value: "scored" }] } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "main", target: "prep" },
    { id: "e2", source: "prep", sourceHandle: "main", target: "score" },
    { id: "e3", source: "score", sourceHandle: "main", target: "done" },
  ],
  settings: {},
});

interface Step {
  id: number;
  nodeId: string;
  attempt: number;
  status: string;
  output: unknown;
  createdAt: string;
  finishedAt: string | null;
}
interface Run {
  id: string;
  status: string;
  failedNodeId: string | null;
  steps: Step[];
}

async function waitForRun(page: Page, id: string, done = ["succeeded", "failed", "canceled"]): Promise<Run> {
  for (let i = 0; i < 100; i++) {
    const run = await trpcCall<Run>(page, "run.get", { id });
    if (done.includes(run.status)) return run;
    await page.waitForTimeout(200);
  }
  throw new Error(`run ${id} did not finish`);
}

test("an admin fixes a failed step and retries the run from it", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, { name: "Ada Admin" });
  await expect(page).toHaveURL(/\/workflows$/);

  // Runs page before anything ran: the empty state says what to do.
  await page.goto("/runs");
  await expect(page.getByText("No runs yet.")).toBeVisible();
  await snap(page, "runs-01-empty");

  // A workflow whose third step has a broken expression, run once as a test.
  const wf = await trpcCall<{ id: string; draftRevision: number }>(page, "workflow.create", { name: "Lead scoring" }, "mutation");
  const saved = await trpcCall<{ draftRevision: number }>(page, "workflow.saveDraft", { id: wf.id, graph: graph("{{ $lookupScore(trigger.email) }}"), baseRevision: wf.draftRevision }, "mutation");
  const started = await trpcCall<{ executionId: string }>(page, "run.startTest", { workflowId: wf.id }, "mutation");
  const failed = await waitForRun(page, started.executionId);
  expect(failed.status).toBe("failed");
  expect(failed.failedNodeId).toBe("score");

  // The runs list shows it as failed, with its error; open it.
  await page.goto("/runs?status=failed");
  await expect(page.getByRole("tab", { name: /Failed/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("link", { name: "Lead scoring" })).toBeVisible();
  await snap(page, "runs-02-list-failed");
  await page.getByRole("link", { name: "Lead scoring" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/runs/${started.executionId}$`));

  // The failing node is highlighted on the canvas and its error is shown.
  const failing = page.locator('[data-failing="true"]');
  await expect(failing).toContainText("Score lead");
  await expect(failing).toContainText("Failed here");
  await expect(page.getByTestId("run-error")).toContainText("Score lead");
  await expect(page.getByTestId("step-error")).toBeVisible();
  await expect(page.locator('[data-status="succeeded"]')).toHaveCount(2);
  await snap(page, "runs-03-failed-run");

  // Fix the step's expression in the draft, then retry from the failed step.
  await trpcCall(page, "workflow.saveDraft", { id: wf.id, graph: graph("{{ $length(trigger.email) }}"), baseRevision: saved.draftRevision }, "mutation");
  await page.getByRole("button", { name: "Retry from the failed step" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${started.executionId}$`));
  const retryId = page.url().split("/").pop()!;
  await expect(page.getByText("Succeeded").first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/Retry of/)).toBeVisible();
  await expect(page.locator('[data-status="succeeded"]')).toHaveCount(4);
  await snap(page, "runs-04-retried-run");

  // Earlier steps were not run again: the retry carries them over unchanged, one attempt each.
  const retried = await waitForRun(page, retryId);
  expect(retried.status).toBe("succeeded");
  for (const nodeId of ["start", "prep"]) {
    const before = failed.steps.filter((s) => s.nodeId === nodeId);
    const after = retried.steps.filter((s) => s.nodeId === nodeId);
    expect(after).toHaveLength(1);
    expect({ ...after[0], id: 0 }).toEqual({ ...before[0], id: 0 });
  }
  expect(retried.steps.find((s) => s.nodeId === "score")?.output).toEqual({ score: 16 });
  // The failed run is kept as it was, and links to its retry.
  expect((await trpcCall<Run>(page, "run.get", { id: started.executionId })).status).toBe("failed");

  // The audit log shows who retried it.
  await page.goto("/audit");
  await expect(page.getByText("Retried a failed run from the failed step")).toBeVisible();
  await snap(page, "runs-05-audit");

  // Monitoring renders (test runs are not counted as live failures).
  await page.goto("/monitoring");
  await expect(page.getByRole("heading", { name: "Errors and runs" })).toBeVisible();
  await expect(page.getByText("No live runs in this period.")).toBeVisible();
  await snap(page, "runs-06-monitoring");
});

test("the error dashboard charts live failures and their rate per workflow", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, { name: "Mo Monitor" });
  await expect(page).toHaveURL(/\/workflows$/);
  const wf = await trpcCall<{ id: string; draftRevision: number }>(page, "workflow.create", { name: "Invoice sync" }, "mutation");
  let rev = (await trpcCall<{ draftRevision: number }>(page, "workflow.saveDraft", { id: wf.id, graph: graph("{{ $lookupScore(trigger.email) }}"), baseRevision: wf.draftRevision }, "mutation")).draftRevision;
  // Live (published) runs: three fail on the broken version, two succeed after the fix.
  await trpcCall(page, "workflow.publish", { id: wf.id, baseRevision: rev }, "mutation");
  const first = await trpcCall<{ executionId: string }>(page, "run.startTest", { workflowId: wf.id }, "mutation");
  await waitForRun(page, first.executionId);
  for (let i = 0; i < 3; i++) await waitForRun(page, (await trpcCall<{ executionId: string }>(page, "run.replay", { id: first.executionId, on: "published" }, "mutation")).executionId);
  rev = (await trpcCall<{ draftRevision: number }>(page, "workflow.saveDraft", { id: wf.id, graph: graph("{{ $length(trigger.email) }}"), baseRevision: rev }, "mutation")).draftRevision;
  await trpcCall(page, "workflow.publish", { id: wf.id, baseRevision: rev }, "mutation");
  for (let i = 0; i < 2; i++) await waitForRun(page, (await trpcCall<{ executionId: string }>(page, "run.replay", { id: first.executionId, on: "published" }, "mutation")).executionId);

  await page.goto("/monitoring");
  await page.getByLabel("Period").selectOption({ label: "Last 24 hours" });
  await expect(page.getByRole("img", { name: /Failure rate per hour/ })).toBeVisible();
  const row = page.getByRole("row", { name: /^Invoice sync/ });
  await expect(row).toContainText("5");
  await expect(row).toContainText("3 (60%)");
  await expect(page.getByRole("link", { name: "fields[<n>].value: Attempted to invoke a non-function [T<n>] (at position <n>)" })).toBeVisible();
  await snap(page, "runs-07-dashboard");
  await page.goto("/runs?mode=production");
  await expect(page.getByRole("tab", { name: /Failed/ })).toContainText("3");
  await snap(page, "runs-08-list-live");
  // Without SWITCHYARD_METRICS_TOKEN the metrics endpoint does not exist.
  expect((await page.request.get("/api/metrics")).status()).toBe(404);
});
