import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { executions, webhookEndpoints } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { createRegistry } from "@/server/nodes/registry";
import type { NodeExecutor } from "@/server/nodes/executor";
import { formTriggerRun } from "@/server/nodes/run/form-trigger";
import { describeForm, submitForm } from "./form-intake";
import { syncWebhookEndpoints } from "./webhook-endpoints";

let t: Harness;
let deps: { catalog: ReturnType<typeof createRegistry> };
let token: string;
let workflowId: string;

beforeAll(async () => {
  t = await createHarness();
  deps = { catalog: createRegistry([formTriggerRun as unknown as NodeExecutor]) };
  const graph = graphOf(
    [
      [
        "form",
        "trigger.form",
        {
          title: "Request a quote",
          fields: [
            { type: "text", name: "name", label: "Name", required: true },
            { type: "email", name: "email", label: "E-mail", required: true },
            { type: "consent", name: "consent", label: "I agree to be contacted" },
          ],
        },
      ],
      ["a", "data.set", { fields: [{ name: "email", value: "{{ trigger.body.email }}" }] }],
    ],
    [["form", "a"]],
  );
  workflowId = await t.createWorkflow(graph, { publish: true });
  await syncWebhookEndpoints(t.db, t.workspaceId, workflowId, graph);
  token = (await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, workflowId)))[0]!.token;
});
afterAll(async () => t?.close());

const runs = async () => (await t.db.select().from(executions).where(eq(executions.workflowId, workflowId))).length;

describe(`hosted form (${testDriver})`, () => {
  it("describes the published form for its public page", async () => {
    const d = await describeForm(t.db, token, deps.catalog);
    expect(d).toMatchObject({ ok: true, form: { title: "Request a quote" } });
    expect(await describeForm(t.db, "no-such-form-token", deps.catalog)).toMatchObject({ ok: false, status: 404 });
  });

  it("invalid submissions get a message per field and start nothing", async () => {
    const r = await submitForm(t.db, token, { name: "", email: "not-an-email" }, deps);
    expect(r.status).toBe(422);
    const fields = r.status === 422 ? r.errors.map((e) => e.field).sort() : [];
    expect(fields).toEqual(["consent", "email", "name"]);
    expect(await runs()).toBe(0);
  });

  it("the honeypot drops bots while telling them all is well", async () => {
    const r = await submitForm(t.db, token, { name: "Bot", email: "bot@spam.co", consent: "on", company_website: "http://spam" }, deps);
    expect(r.status).toBe(200);
    expect(await runs()).toBe(0);
  });

  it("a valid submission starts one execution with cleaned values; a double submit starts nothing more", async () => {
    const input = { name: "  Ada  Lovelace ", email: " Ada@Example.COM ", consent: "on" };
    expect((await submitForm(t.db, token, input, deps)).status).toBe(200);
    expect((await submitForm(t.db, token, input, deps)).status).toBe(200);
    const all = await t.db.select().from(executions).where(eq(executions.workflowId, workflowId));
    expect(all).toHaveLength(1);
    expect(all[0]!.triggerData).toMatchObject({ body: { email: "ada@example.com", consent: true } });
  });
});
