import { expect, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

let counter = 0;
export function uniqueEmail(prefix = "user") {
  return `${prefix}-${Date.now().toString(36)}-${counter++}@example.test`;
}

export async function signUp(page: Page, opts: { name?: string; email?: string; password?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? "correct horse battery";
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(opts.name ?? "Sam Staff");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  return { email, password };
}

/** Saves a screenshot under e2e/artifacts/ for people to look at. */
export async function snap(page: Page, name: string) {
  const dir = path.resolve("e2e/artifacts");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export async function expectFieldError(page: Page, label: string, message: RegExp | string) {
  const input = page.getByLabel(label, { exact: true });
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const id = await input.getAttribute("id");
  await expect(page.locator(`#${id}-error`)).toContainText(message);
}

/** Calls the app's tRPC API with the page's session (for set-up steps a spec does not test). */
export async function trpcCall<T>(page: Page, path: string, input: unknown, kind: "query" | "mutation" = "query"): Promise<T> {
  const res =
    kind === "query"
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}
