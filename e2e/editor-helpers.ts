// Helpers for the workflow editor specs: create a workflow, add and connect steps like a user.
import { expect, type Page } from "@playwright/test";

export async function createWorkflow(page: Page, name: string) {
  await page.goto("/workflows");
  await page.getByRole("button", { name: /^(Create your first workflow|\+ New workflow)$/ }).first().click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.locator(".react-flow__pane")).toBeVisible();
}

/** Drags a palette entry onto the canvas at a point relative to the canvas's top-left corner. */
export async function dragStep(page: Page, label: string, at: { x: number; y: number }) {
  await page.getByRole("button", { name: new RegExp(`^Add ${escape(label)}:`) }).dragTo(page.locator(".react-flow__pane"), { targetPosition: at });
}

/** Clicks a palette entry (adds after the selected step, connected to its first free output). */
export async function clickStep(page: Page, label: string) {
  await page.getByRole("button", { name: new RegExp(`^Add ${escape(label)}:`) }).click();
}

export function node(page: Page, name: string) {
  return page.getByTestId(`node-${name}`);
}

export async function selectNode(page: Page, name: string) {
  await node(page, name).click({ position: { x: 60, y: 14 } });
  await expect(page.getByLabel("Step name")).toHaveValue(name);
}

export async function connect(page: Page, from: string, output: string, to: string) {
  await page.getByLabel(`Output "${output}" of ${from}`).dragTo(page.getByLabel(`Input of ${to}`));
}

export async function renameSelected(page: Page, name: string) {
  await page.getByLabel("Step name").fill(name);
  await expect(node(page, name)).toBeVisible();
}

export async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-state")).toContainText("Saved", { timeout: 15_000 });
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
