import { expect, test } from "@playwright/test";
import { signUp, snap, uniqueEmail } from "./helpers";

test("an owner invites a colleague by link, who joins as a viewer and can only look", async ({ page, browser }) => {
  await signUp(page, { name: "Olivia Owner" });
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("button", { name: "Create your first workflow" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Shared flow");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Their role").selectOption("viewer");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByLabel(/Invite link/).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  await snap(page, "settings-invite");

  const colleague = await (await browser.newContext()).newPage();
  await colleague.goto(link);
  await expect(colleague).toHaveURL(/\/sign-in\?next=%2Finvite%2F/);
  await colleague.getByRole("link", { name: "Create an account" }).click();
  await colleague.getByLabel("Your name").fill("Victor Viewer");
  await colleague.getByLabel("Work e-mail").fill(uniqueEmail("viewer"));
  await colleague.getByLabel("Password").fill("another long password");
  await colleague.getByRole("button", { name: "Create account" }).click();
  await expect(colleague.getByRole("heading", { name: /Join “Olivia's workspace”/ })).toBeVisible();
  await colleague.getByRole("button", { name: "Join workspace" }).click();
  await expect(colleague).toHaveURL(/\/workflows$/);
  await expect(colleague.getByRole("link", { name: "Shared flow" })).toBeVisible();
  await expect(colleague.getByRole("button", { name: "+ New workflow" })).toHaveCount(0);
  await expect(colleague.getByRole("button", { name: "Delete Shared flow" })).toHaveCount(0);

  // The link was single-use.
  const third = await (await browser.newContext()).newPage();
  await signUp(third, { name: "Late Larry" });
  await expect(third).toHaveURL(/\/workflows$/);
  await third.goto(link);
  await expect(third.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  // The owner sees the new member and can promote them.
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Role of Victor Viewer" })).toHaveValue("viewer");
  await page.getByRole("combobox", { name: "Role of Victor Viewer" }).selectOption("editor");
  await colleague.reload();
  await expect(colleague.getByRole("button", { name: "+ New workflow" })).toBeVisible();
});
