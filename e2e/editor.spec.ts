import { expect, test } from "@playwright/test";
import { signUp, snap } from "./helpers";
import { clickStep, connect, createWorkflow, dragStep, node, renameSelected, selectNode, waitSaved } from "./editor-helpers";

test.use({ viewport: { width: 1600, height: 900 } });

test("build Manual trigger → Set → If → two Sets, test it, undo/redo, reload, publish v1", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, { name: "Olga Orders" });
  await expect(page).toHaveURL(/\/workflows$/);
  await createWorkflow(page, "Order routing");
  await snap(page, "editor-empty");
  // Room for five steps side by side.
  await page.getByRole("button", { name: "Zoom Out" }).click();
  await page.getByRole("button", { name: "Zoom Out" }).click();

  // Trigger, with pinned test data.
  await dragStep(page, "Manual trigger", { x: 40, y: 220 });
  await expect(node(page, "Manual trigger")).toBeVisible();
  await page.getByLabel("Test data (JSON)").fill('{ "customer": "Ada", "amount": 150 }');

  // Set: its value comes from the mapping panel (click a trigger field).
  await dragStep(page, "Set / Transform", { x: 230, y: 220 });
  await renameSelected(page, "Compute total");
  await connect(page, "Manual trigger", "next", "Compute total");
  await page.getByRole("button", { name: "+ Add field" }).click();
  await page.getByLabel("Field 1").fill("total");
  await page.getByLabel("Value 1").click();
  await page.getByRole("button", { name: "Insert Manual trigger › amount" }).click();
  await expect(page.getByLabel("Value 1")).toHaveValue("{{ trigger.amount }}");
  await expect(page.getByTestId("expression-preview").first()).toContainText("150");

  // If total > 100.
  await dragStep(page, "If", { x: 420, y: 220 });
  await connect(page, "Compute total", "next", "If");
  await page.getByRole("button", { name: "+ Add condition" }).click();
  await page.getByLabel("Condition 1.1 field").fill("trigger.amount");
  await page.getByLabel("Condition 1.1 operator").selectOption("gt");
  await page.getByLabel("Condition 1.1 value").fill("100");

  // Two Sets: one dragged and wired by hand to "true", one added by click after If ("false").
  await dragStep(page, "Set / Transform", { x: 600, y: 100 });
  await renameSelected(page, "Big order");
  await connect(page, "If", "true", "Big order");
  await page.getByRole("button", { name: "+ Add field" }).click();
  await page.getByLabel("Field 1").fill("tier");
  await page.getByLabel("Value 1").fill("gold");

  await selectNode(page, "If");
  await clickStep(page, "Set / Transform");
  await renameSelected(page, "Small order");
  await page.getByRole("button", { name: "+ Add field" }).click();
  await page.getByLabel("Field 1").fill("tier");
  await page.getByLabel("Value 1").fill("standard");
  await expect(page.getByText("No problems found")).toBeVisible();
  await waitSaved(page);
  await snap(page, "editor-built");

  // Undo and redo a delete.
  await selectNode(page, "Small order");
  await page.locator(".react-flow__pane").focus();
  await page.keyboard.press("Delete");
  await expect(node(page, "Small order")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(node(page, "Small order")).toBeVisible();
  await page.keyboard.press("Control+Shift+z");
  await expect(node(page, "Small order")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(node(page, "Small order")).toBeVisible();
  await expect(page.getByLabel('Output "false" of If')).toBeVisible();
  await waitSaved(page);

  // Test run: every step on the taken path turns green, the other branch is skipped.
  await page.getByRole("button", { name: "▶ Test run" }).click();
  await expect(page.getByTestId("run-state")).toHaveText("Test run succeeded", { timeout: 30_000 });
  for (const name of ["Manual trigger", "Compute total", "If", "Big order"]) await expect(node(page, name)).toHaveAttribute("data-status", "succeeded");
  await expect(node(page, "Small order")).not.toHaveAttribute("data-status", "succeeded");
  await selectNode(page, "Big order");
  await page.getByRole("tab", { name: "Test result" }).click();
  await expect(page.getByTestId("run-result")).toContainText('"tier": "gold"');
  await snap(page, "editor-test-run");

  // After a run, the mapping panel lists upstream step outputs by name, and expressions autocomplete them.
  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page.getByRole("button", { name: "Insert Compute total › total" })).toBeVisible();
  await page.getByLabel("Value 1").fill("");
  await page.getByLabel("Value 1").pressSequentially("{{ tot");
  await page.getByRole("option", { name: /Compute total › total/ }).click();
  await expect(page.getByLabel("Value 1")).toHaveValue(/^\{\{ steps\.set_[a-z0-9]+\.total \}\}$/);
  await expect(page.getByText("Uses: {{ «Compute total».total }}")).toBeVisible();
  await page.getByLabel("Value 1").fill("gold");

  // Reload: the draft is intact.
  await page.reload();
  for (const name of ["Manual trigger", "Compute total", "If", "Big order", "Small order"]) await expect(node(page, name)).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);

  // Publish v1.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByLabel("What changed? (optional)").fill("Route big orders");
  await page.getByRole("dialog").getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("live-version")).toHaveText("Live: version 1");
  await expect(page.getByText("Unpublished changes")).toHaveCount(0);
  await page.getByRole("button", { name: "Versions", exact: true }).click();
  await expect(page.getByText("Route big orders")).toBeVisible();
  await snap(page, "editor-versions");
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByText("Read-only")).toBeVisible();
  await expect(page.locator('[aria-label="Version 1, read-only"]').getByTestId("node-Big order")).toBeVisible();
  await snap(page, "editor-version-read-only");
});

test("bad input: invalid expressions, malformed paste and an unpublishable graph explain themselves", async ({ page }) => {
  await signUp(page);
  await expect(page).toHaveURL(/\/workflows$/);
  await createWorkflow(page, "Broken on purpose");
  await dragStep(page, "Manual trigger", { x: 40, y: 200 });
  await dragStep(page, "If", { x: 280, y: 200 });
  await connect(page, "Manual trigger", "next", "If");
  await page.getByLabel("Mode").selectOption("expression");
  await page.getByLabel("Expression").fill("trigger.amount >");
  await expect(page.getByText(/Invalid expression/)).toBeVisible();

  // A Log event without its required message: an error on the node, publishing is blocked.
  await dragStep(page, "Log event", { x: 530, y: 200 });
  await connect(page, "If", "true", "Log event");
  await expect(node(page, "Log event").getByTestId("node-issue-badge")).toBeVisible();
  await expect(page.getByTestId("problems-list")).toContainText('"Log event": Message is required');

  // Malformed JSON on the clipboard: a short notice, nothing else.
  const before = await page.locator(".react-flow__node").count();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData("text/plain", '{ "nodes": [ oops');
    document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true }));
  });
  await expect(page.getByText("The clipboard does not contain workflow steps.")).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(before);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("Fix these problems first");
  await expect(page.getByRole("dialog")).toContainText('"Log event": Message is required');
  await snap(page, "editor-problems");
});

test("two people edit the same draft: the later save gets a clear conflict message and nothing is lost", async ({ browser }) => {
  const a = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const b = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  const { email, password } = await signUp(pageA, { name: "Ana" });
  await expect(pageA).toHaveURL(/\/workflows$/);
  await createWorkflow(pageA, "Shared draft");
  await dragStep(pageA, "Manual trigger", { x: 120, y: 200 });
  await waitSaved(pageA);

  await pageB.goto("/sign-in");
  await pageB.getByLabel("E-mail").fill(email);
  await pageB.getByLabel("Password").fill(password);
  await pageB.getByRole("button", { name: "Sign in" }).click();
  await expect(pageB).toHaveURL(/\/workflows$/);
  await pageB.goto(pageA.url());
  await expect(node(pageB, "Manual trigger")).toBeVisible();

  // A saves first…
  await dragStep(pageA, "Set / Transform", { x: 420, y: 200 });
  await renameSelected(pageA, "Saved by Ana");
  await waitSaved(pageA);

  // …then B's save is refused, B is told why, and B's work stays on screen.
  await dragStep(pageB, "If", { x: 420, y: 350 });
  await expect(pageB.getByRole("alert").filter({ hasText: "Your latest changes are not saved" })).toContainText("Someone else saved this workflow");
  await expect(pageB.getByTestId("save-state")).toHaveText("Not saved: conflict");
  await expect(node(pageB, "If")).toBeVisible();
  await snap(pageB, "editor-conflict");

  // A's version is what is stored.
  await pageA.reload();
  await expect(node(pageA, "Saved by Ana")).toBeVisible();
  await expect(node(pageA, "If")).toHaveCount(0);

  // B chooses to load A's version.
  await pageB.getByRole("button", { name: "Load their version" }).click();
  await expect(node(pageB, "Saved by Ana")).toBeVisible();
  await a.close();
  await b.close();
});
