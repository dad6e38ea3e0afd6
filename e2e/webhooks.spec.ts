import { expect, test } from "@playwright/test";
import { signUp, snap, trpcCall } from "./helpers";
import { selectNode } from "./editor-helpers";

const graph = {
  schemaVersion: 1,
  nodes: [
    { id: "hook", type: "trigger.webhook", name: "New lead arrives", position: { x: 0, y: 0 }, config: { method: "POST", source: "Website form" } },
    { id: "prep", type: "data.set", name: "Prepare lead", position: { x: 300, y: 0 }, config: { fields: [{ name: "email", value: "{{ $lowercase(trigger.body.email) }}" }] } },
  ],
  edges: [{ id: "e1", source: "hook", sourceHandle: "main", target: "prep" }],
  settings: {},
};

test("a sender's webhook runs the published workflow once, however often it is delivered", async ({ page }) => {
  await signUp(page, { name: "Wendy Webhook" });
  await expect(page).toHaveURL(/\/workflows$/);
  const wf = await trpcCall<{ id: string }>(page, "workflow.create", { name: "Leads from the website" }, "mutation");
  await trpcCall(page, "workflow.saveDraft", { id: wf.id, graph, baseRevision: 1 }, "mutation");

  // The editor shows the trigger's addresses.
  await page.goto(`/workflows/${wf.id}`);
  await selectNode(page, "New lead arrives");
  const prodUrl = await page.getByLabel("Production address", { exact: true }).inputValue();
  const testUrl = await page.getByLabel("Test address", { exact: true }).inputValue();
  expect(prodUrl).toMatch(/\/api\/hooks\/[A-Za-z0-9_-]+$/);
  await snap(page, "editor-webhook-urls");

  // Not published yet: the production address says so; the test address runs the draft.
  const early = await page.request.post(prodUrl, { data: { email: "A@B.CO" } });
  expect(early.status()).toBe(409);
  expect((await early.json()).error).toMatch(/not been published/);
  const tried = await page.request.post(testUrl, { data: { email: "Test@B.CO" } });
  expect(tried.status()).toBe(202);

  await trpcCall(page, "workflow.publish", { id: wf.id, note: "first version" }, "mutation");
  const first = await page.request.post(prodUrl, { data: { email: "Ada@Example.COM" }, headers: { "idempotency-key": "evt-1" } });
  expect(first.status()).toBe(202);
  const { executionId } = (await first.json()) as { executionId: string };
  const again = await page.request.post(prodUrl, { data: { email: "Ada@Example.COM" }, headers: { "idempotency-key": "evt-1" } });
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ duplicate: true, executionId });

  const broken = await page.request.post(prodUrl, { data: Buffer.from('{"email": '), headers: { "content-type": "application/json" } });
  expect(broken.status()).toBe(400);
  // A 1 MiB header is refused by the HTTP server itself (431), and the server keeps serving.
  const huge = await page.request.post(prodUrl, { data: { email: "x@y.co" }, headers: { "x-padding": "a".repeat(1 << 20) } }).then(
    (r) => r.status(),
    () => "connection closed",
  );
  expect([431, "connection closed"]).toContain(huge);
  expect((await page.request.get("/api/health")).status()).toBe(200);

  // The built-in worker runs it.
  await expect
    .poll(async () => (await trpcCall<{ status: string }>(page, "run.get", { id: executionId })).status, { timeout: 20_000 })
    .toBe("succeeded");
  const run = await trpcCall<{ result: unknown; mode: string }>(page, "run.get", { id: executionId });
  expect(run).toMatchObject({ mode: "production", result: { email: "ada@example.com" } });
});
