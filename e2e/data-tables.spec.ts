import { expect, test } from "@playwright/test";
import { signUp, snap } from "./helpers";

const CSV = [
  "Email,Name,Employees",
  "ann@example.com,Ann Archer,12",
  "bob@example.com,Bob Baker,5",
  "cy@example.com,Cy Cole,40",
  "not-an-email,Broken Row,3",
  " ANN@Example.com ,Ann Archer,15",
  "dee@example.com,Dee Dunn,",
].join("\r\n");

test("a user creates a Leads table keyed by e-mail, imports a CSV with a preview, filters, edits, and an invalid edit is refused", async ({ page }) => {
  await signUp(page, { name: "Dana Office" });
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("link", { name: "Data" }).click();
  await expect(page.getByRole("heading", { name: "You have no tables yet" })).toBeVisible();
  await snap(page, "data-empty-state");

  // Create the table: E-mail identifies the record.
  await page.getByRole("button", { name: "Create a table" }).click();
  await page.getByLabel("Table name").fill("Leads");
  await page.getByLabel("Field 1 name").fill("E-mail");
  await page.getByLabel("Field 1 type").selectOption("email");
  await page.getByRole("checkbox", { name: "Identifies the record" }).first().check();
  await page.getByRole("button", { name: "+ Add field" }).click();
  await page.getByLabel("Field 2 name").fill("Name");
  await page.getByRole("button", { name: "+ Add field" }).click();
  await page.getByLabel("Field 3 name").fill("Employees");
  await page.getByLabel("Field 3 type").selectOption("number");
  await snap(page, "data-new-table");
  await page.getByRole("button", { name: "Create table" }).click();
  await expect(page).toHaveURL(/\/data\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Leads" })).toBeVisible();
  await expect(page.getByText("Records with the same E-mail are treated as one")).toBeVisible();

  // Import: the preview shows what will happen before anything is written.
  await page.getByRole("button", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file", { exact: true }).setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(CSV, "utf8") });
  const preview = page.getByRole("definition");
  await expect(page.getByLabel("Import preview")).toBeVisible();
  await expect(preview.nth(0)).toHaveText("4"); // added
  await expect(preview.nth(1)).toHaveText("0"); // updated
  await expect(preview.nth(2)).toHaveText("1"); // skipped
  await expect(preview.nth(3)).toHaveText("1"); // merged
  await expect(page.getByText("Row 5: E-mail: 'not-an-email' is not a valid e-mail address")).toBeVisible();
  await expect(page.getByLabel("Column “Email”")).toHaveValue("email");
  await expect(page.getByText("0 records in this table")).toBeVisible();
  await snap(page, "data-import-preview");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the rows with problems (CSV)" }).click();
  expect((await download).suggestedFilename()).toBe("Leads - rows with problems.csv");

  await page.getByRole("button", { name: "Import 4 records" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Done:" })).toContainText("4 records added, 0 updated");
  await expect(page.getByText("4 records in this table")).toBeVisible();
  await page.getByRole("button", { name: "Close" }).click();
  // The later duplicate row won: Ann has 15 employees.
  await expect(page.getByRole("button", { name: /^Employees of record \d+: 15\./ })).toBeVisible();

  // Filter, then edit a cell.
  await page.getByLabel("Filter by").selectOption({ label: "Name" });
  await page.getByLabel("Condition").selectOption({ label: "contains" });
  await page.getByLabel("Value").fill("bob");
  await page.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByText("1 matching record")).toBeVisible();
  const bobEmployees = page.getByRole("button", { name: /^Employees of record \d+: 5\./ });
  await bobEmployees.click();
  const editor = page.getByRole("textbox", { name: /^Employees of record \d+$/ });
  await editor.fill("1,250");
  await editor.press("Enter");
  await expect(page.getByRole("button", { name: /^Employees of record \d+: 1,250\./ })).toBeVisible();

  // An invalid edit is refused with a message, and the stored value stays.
  await page.getByRole("button", { name: /^E-mail of record \d+: bob@example.com/ }).click();
  const emailEditor = page.getByRole("textbox", { name: /^E-mail of record \d+$/ });
  await emailEditor.fill("bob at example");
  await emailEditor.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "is not a valid e-mail address" })).toBeVisible();
  await expect(emailEditor).toHaveAttribute("aria-invalid", "true");
  await snap(page, "data-invalid-edit");
  await emailEditor.press("Escape");
  await expect(page.getByRole("button", { name: /^E-mail of record \d+: bob@example.com/ })).toBeVisible();

  await page.getByRole("button", { name: /^Remove filter Name/ }).click();
  await expect(page.getByText("4 records in this table")).toBeVisible();
  await snap(page, "data-grid");
});
