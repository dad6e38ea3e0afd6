// The acceptance story of the reference flow, as a new user would live it: sign up, install the
// "New lead to client" template, point its e-mail at a real SMTP peer, fill in what the problems
// panel asks for, publish, send leads to the production URL, and check every outcome.
// The Postgres run: start with DATABASE_URL and SWITCHYARD_ENCRYPTION_KEY set (the server reads them).
import { expect, test, type Page } from "@playwright/test";
import { startMailSink, type MailSink, type SunkMail } from "../server/demo/mail-sink";
import { startPeer, type Peer } from "../server/integrations/testing/peer";
import { signUp, snap, trpcCall } from "./helpers";

let mails: SunkMail[] = [];
let smtp: MailSink;
let slack: Peer;

test.beforeAll(async () => {
  smtp = await startMailSink((m) => void mails.push(m));
  slack = await startPeer((_req, res) => res.end("ok"));
});
test.afterAll(async () => {
  await Promise.all([smtp.close(), slack.close()]);
});

/** tRPC over HTTP with the browser's session (superjson wire format), for steps with no UI yet. */

async function openTable(page: Page, name: string) {
  await page.goto("/data");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

test("a new user installs the lead template, publishes it and sees every outcome of four leads", async ({ page }) => {
  test.setTimeout(180_000);
  mails = [];
  await signUp(page, { name: "Lena Lead" });
  await expect(page).toHaveURL(/\/workflows$/);

  // 1. Template gallery → install.
  await page.getByRole("link", { name: "Start from a template" }).first().click();
  await expect(page.getByRole("heading", { name: "Start from a template", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "New lead to client" })).toBeVisible();
  await snap(page, "lead-01-template-gallery");
  await page.getByRole("button", { name: "Use the template New lead to client" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  const workflowId = page.url().split("/").pop()!;
  await expect(page.locator(".react-flow__pane")).toBeVisible();
  const problems = page.getByTestId("problems-list");
  await expect(problems).toContainText('"Alert the team on Slack": Webhook URL is required');
  await expect(problems).toContainText('"E-mail the admin": To is required');
  await snap(page, "lead-02-editor-what-to-fill-in");

  // 2. Settings → Outbound access: allow the local peers.
  // The editor takes the whole window (no side menu), so go by address.
  await page.goto("/settings");
  await page.getByLabel("Allowed hosts and networks").fill("127.0.0.1");
  await page.getByRole("button", { name: "Save outbound access" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // 3. Credentials → the placeholder the template created: point it at the SMTP peer.
  await page.goto("/credentials");
  const card = page.getByRole("listitem", { name: "Credential Lead flow e-mail (needs setup)" });
  await expect(card).toBeVisible();
  await snap(page, "lead-03-placeholder-credential");
  await card.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Lead flow e-mail");
  await page.getByLabel("SMTP server").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(smtp.port));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("listitem", { name: "Credential Lead flow e-mail" })).toBeVisible();

  // 4. Editor: fill in what the problems panel asked for, then publish.
  await page.goto(`/workflows/${workflowId}`);
  // Clicking a problem opens its step's settings.
  await problems.getByRole("button", { name: /Alert the team on Slack.*Webhook URL is required/ }).click();
  await page.getByRole("combobox", { name: "Webhook URL", exact: true }).fill(`${slack.origin}/services/T000/B000/lead-alerts`);
  await problems.getByRole("button", { name: /E-mail the admin.*To is required/ }).click();
  await page.getByRole("combobox", { name: "To", exact: true }).fill("admin@example.com");
  await expect(page.getByText("No problems found")).toBeVisible();
  await expect(page.getByTestId("save-state")).toContainText("Saved", { timeout: 15_000 });
  await snap(page, "lead-04-editor-ready");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByText("Live: version 1")).toBeVisible();
  // The whole flow in view for the picture (React Flow's "fit view" control).
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: /fit view/i }).click({ timeout: 3000 }).catch(() => undefined);
  await snap(page, "lead-05-published");

  // 5. The production URL (also shown on the Webhook step).
  const [endpoint] = await trpcCall<{ nodeId: string; productionPath: string }[]>(page, "trigger.endpoints", { workflowId });
  const post = (body: unknown) => page.request.post(endpoint!.productionPath, { data: body });

  const first = await post({ email: "Ann.Lee@Example.com", name: "ann lee", company: "Acme", employees: 40, source: "website" });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ ok: true, outcome: "created", segment: "SMB" });
  const again = await post({ email: "  ann.lee@EXAMPLE.com ", name: "Ann  Lee", employees: 40 });
  expect(again.status()).toBe(200);
  expect((await again.json()).outcome).not.toBe("created");
  const invalid = await post({ email: "ann at example", employees: "forty" });
  expect(invalid.status()).toBe(422);
  const reasons = (await invalid.json()) as { problems: { field: string; message: string }[] };
  expect(reasons.problems.map((p) => p.field).sort()).toEqual(["email", "employees"]);

  // Injected fault: a rule on the Leads table that the validation step does not check
  // (Notes at most 50 characters), so the CRM step itself fails. Set through the API.
  await trpcCall(page, "data.changeSchema", { table: "Leads", change: { kind: "retype", field: { key: "notes", label: "Notes", type: "long_text", validation: { maxLength: 50 } } } }, "mutation");
  const fault = await post({ email: "bob@example.com", name: "Bob", message: "A message far too long for the notes rule that was just added." });
  expect(fault.status()).toBe(500);

  // 6. What the user sees: one lead for the two spellings, one task, the rejected lead.
  await openTable(page, "Leads");
  await expect(page.getByText("ann.lee@example.com")).toHaveCount(1);
  await expect(page.getByText("bob@example.com")).toHaveCount(0);
  await snap(page, "lead-06-leads-table");
  await openTable(page, "Tasks");
  await expect(page.getByText("Follow up with Ann Lee (SMB)")).toBeVisible();
  await snap(page, "lead-07-tasks-table");
  await openTable(page, "Rejected leads");
  await expect(page.getByText("ann at example", { exact: true })).toBeVisible();
  await snap(page, "lead-08-rejected-leads");

  // 7. The e-mails at the SMTP peer and the alert at the Slack-compatible receiver.
  await expect.poll(() => mails.length, { timeout: 20_000 }).toBe(2);
  const welcome = mails.find((m) => m.to.includes("ann.lee@example.com"));
  expect(welcome?.subject).toMatch(/^Welcome, Ann Lee/);
  const alertMail = mails.find((m) => m.to.includes("admin@example.com"));
  expect(alertMail?.subject).toContain('"Save lead in CRM" failed');
  expect(alertMail?.text).toContain("Notes");
  await expect.poll(() => slack.requests.length).toBe(1);
  expect(JSON.parse(slack.requests[0]!.body).text).toContain("Save lead in CRM");

  // 8. The failed run: the API counts, the Runs page lists it, the run viewer highlights the step.
  const runs = await trpcCall<{ items: { status: string }[] }>(page, "run.list", { filter: { workflowId } });
  expect(runs.items.filter((r) => r.status === "failed")).toHaveLength(1);
  expect(runs.items.filter((r) => r.status === "succeeded")).toHaveLength(3);
  await page.goto("/runs");
  const failedRow = page.getByRole("row").filter({ hasText: "The lead was not fully handled" });
  await expect(failedRow).toContainText("Failed");
  await expect(failedRow).toContainText("Notes");
  await snap(page, "lead-09-runs");
  await failedRow.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  await expect(page.locator('[data-failing="true"]').first()).toBeVisible();
  await expect(page.getByText("Save lead in CRM").first()).toBeVisible();
  await snap(page, "lead-10-failed-run");
});
