import { expect, test } from "@playwright/test";
import { signUp, snap, trpcCall } from "./helpers";
import { node, selectNode, waitSaved } from "./editor-helpers";

test.use({ viewport: { width: 1600, height: 1000 } });

const graph = {
  schemaVersion: 1,
  nodes: [
    { id: "hook", type: "trigger.webhook", name: "New lead arrives", position: { x: 0, y: 0 }, config: { method: "POST", source: "Website form" } },
    { id: "prep", type: "data.set", name: "Prepare lead", position: { x: 300, y: 0 }, config: { fields: [] } },
  ],
  edges: [{ id: "e1", source: "hook", sourceHandle: "main", target: "prep" }],
  settings: {},
};

test("staff capture a real request as sample data, map a field from it and run one step", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, { name: "Sam Sample" });
  await expect(page).toHaveURL(/\/workflows$/);
  const wf = await trpcCall<{ id: string }>(page, "workflow.create", { name: "Website leads" }, "mutation");
  await trpcCall(page, "workflow.saveDraft", { id: wf.id, graph, baseRevision: 1 }, "mutation");
  await page.goto(`/workflows/${wf.id}`);

  // Before any sample, the Set step's data panel says how to get one.
  await selectNode(page, "Prepare lead");
  await expect(page.getByText(/No sample yet — run a test, or give the trigger sample data/)).toBeVisible();

  // Listen on the trigger, then the sending service posts to the test address.
  await selectNode(page, "New lead arrives");
  const testUrl = await page.getByLabel("Test address", { exact: true }).inputValue();
  await page.getByRole("button", { name: "Listen for a test event" }).click();
  await expect(page.getByText("Listening for a test event…")).toBeVisible();
  await snap(page, "capture-01-listening");
  const sent = await page.request.post(testUrl, { data: { email: "Ada@Example.com", name: "Ada Lovelace", company: { name: "Analytical Engines" } } });
  expect(sent.status()).toBe(202);

  // The request becomes the trigger's sample: the editor says so and keeps it in the draft.
  await expect(page.getByText("Test event received. It is now this trigger's sample data")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel("Sample request (JSON)")).toHaveValue(/"email": "Ada@Example.com"/);
  await waitSaved(page);
  await snap(page, "capture-02-received");

  // The mapping panel of the next step lists the request's fields; one is mapped into the Set step.
  await selectNode(page, "Prepare lead");
  await expect(page.getByRole("button", { name: "Insert New lead arrives › body.company.name" })).toBeVisible();
  await page.getByRole("button", { name: "+ Add field" }).click();
  await page.getByLabel("Field 1").fill("email");
  await page.getByLabel("Value 1").click();
  await page.getByRole("button", { name: "Insert New lead arrives › body.email" }).click();
  await expect(page.getByLabel("Value 1")).toHaveValue("{{ trigger.body.email }}");
  await expect(page.getByTestId("expression-preview").first()).toContainText("Ada@Example.com");
  await snap(page, "capture-03-mapped");

  // Run only this step: its output shows in the panel.
  await page.getByRole("button", { name: "Run this step" }).click();
  const result = page.getByTestId("step-run-result");
  await expect(result).toContainText("Step succeeded", { timeout: 20_000 });
  await expect(result).toContainText('"email": "Ada@Example.com"');
  await snap(page, "capture-04-step-run");

  // A mistake in the mapping shows as the step's error, not as a broken editor.
  await page.getByLabel("Value 1").fill("{{ trigger.body.email & }}");
  await page.getByRole("button", { name: "Run this step" }).click();
  await expect(result).toContainText("Step failed", { timeout: 20_000 });
  await expect(result.getByRole("alert")).toContainText("fields[0].value");
  await page.getByLabel("Value 1").fill("{{ trigger.body.email }}");

  // A full test run of the webhook workflow uses the captured sample.
  await waitSaved(page);
  await page.getByRole("button", { name: "▶ Test run" }).click();
  await expect(page.getByTestId("run-state")).toHaveText("Test run succeeded", { timeout: 30_000 });
  await expect(node(page, "Prepare lead")).toHaveAttribute("data-status", "succeeded");
  await page.getByRole("tab", { name: "Test result" }).click();
  await expect(page.getByTestId("run-result")).toContainText('"email": "Ada@Example.com"');
});
