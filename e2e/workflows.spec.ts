import { expect, test } from "@playwright/test";
import { expectFieldError, signUp, snap, uniqueEmail } from "./helpers";

test("a new user signs up, creates and renames a workflow, and it survives a reload and sign-out", async ({ page }) => {
  await signUp(page, { name: "Dana Office" });
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByRole("heading", { name: "You have no workflows yet" })).toBeVisible();
  await snap(page, "workflows-empty-state");

  await page.getByRole("button", { name: "Create your first workflow" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Website leads");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Website leads" })).toBeVisible();
  const workflowUrl = page.url();

  await page.getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("button", { name: "Rename Website leads" }).click();
  const nameInput = page.getByLabel("Name", { exact: true });
  await nameInput.fill("Website leads to CRM");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("link", { name: "Website leads to CRM" })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("link", { name: "Website leads to CRM" })).toBeVisible();
  await snap(page, "workflows-list");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(workflowUrl);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByText("Website leads to CRM")).toHaveCount(0);
});

test("bad input gets a clear message next to the field and changes nothing", async ({ page }) => {
  const { email } = await signUp(page);
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // A taken e-mail.
  await signUp(page, { email });
  await expectFieldError(page, "Work e-mail", "already exists");
  await expect(page).toHaveURL(/\/sign-up/);

  // A weak password.
  await signUp(page, { email: uniqueEmail("weak"), password: "short" });
  await expectFieldError(page, "Password", "at least 10 characters");
  await snap(page, "sign-up-errors");

  // Back in as the first user: empty and over-long workflow names.
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("button", { name: "+ New workflow" }).click();
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expectFieldError(page, "Name", "Give the workflow a name.");
  await page.getByLabel("Name", { exact: true }).fill("x".repeat(500));
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expectFieldError(page, "Name", "under 120 characters");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "You have no workflows yet" })).toBeVisible();
});

test("deleting a workflow can be undone", async ({ page }) => {
  await signUp(page);
  await page.getByRole("button", { name: "Create your first workflow" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Invoice reminders");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await page.getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("button", { name: "Delete Invoice reminders" }).click();
  await expect(page.getByText("Deleted “Invoice reminders”.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "You have no workflows yet" })).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("link", { name: "Invoice reminders" })).toBeVisible();
});
