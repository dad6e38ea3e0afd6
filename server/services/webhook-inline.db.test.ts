// Respond mode runs the flow's pure steps in the intake process (webhook-inline.ts): the answer
// needs no worker, every step is still committed, and the durability guarantees are the worker's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { executions, stepRuns } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, FAST, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { testExecutors } from "@/server/runtime/testing/test-nodes";
import { startWorker } from "@/server/runtime/worker";
import { createRegistry } from "@/server/nodes/registry";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import type { NodeExecutor } from "@/server/nodes/executor";
import { bodyFromBytes, receiveWebhook, type IngressDeps } from "./webhook-ingress";
import { WEBHOOK_NODE_TYPE } from "./webhook-endpoints";
import { publishedWebhook } from "./testing/published-webhook";
import { resolveTriggerTarget } from "./webhook-target";
import { storeTriggerEvent } from "./trigger-inbox";

let t: Harness;
let deps: IngressDeps;
beforeAll(async () => {
  t = await createHarness();
  t.registry = createRegistry([...testExecutors, respondWebhookRun as unknown as NodeExecutor]);
  deps = { catalog: t.registry };
});
afterAll(async () => t?.close());

const respondConfig = { responseMode: "respond_node", responseTimeoutMs: 10_000, idempotency: "off" };

async function hook(nodes: Parameters<typeof graphOf>[0], edges: Parameters<typeof graphOf>[1]) {
  return publishedWebhook(t, graphOf([["hook", "trigger.webhook", respondConfig], ...nodes], edges));
}

const post = (token: string, body: string) =>
  receiveWebhook(t.db, { token, mode: "production", method: "POST", headers: new Headers({ "content-type": "application/json" }), query: {}, readBody: bodyFromBytes(new TextEncoder().encode(body)) }, deps);

const stepsOf = (executionId: string) => t.db.select({ nodeId: stepRuns.nodeId, status: stepRuns.status }).from(stepRuns).where(eq(stepRuns.executionId, executionId));

describe(`respond mode inline (${testDriver})`, () => {
  it("answers without any worker running, after every step of the answer was committed", async () => {
    const { token } = await hook(
      [
        ["norm", "data.set", { fields: [{ name: "email", value: "{{ $lowercase(trigger.body.email) }}" }] }],
        ["reply", "trigger.respond", { status: "201", body: '{{ { "saved": steps.norm.email } }}' }],
      ],
      [["hook", "norm"], ["norm", "reply"]],
    );
    const res = await post(token, '{"email":"A@B.CO"}');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ saved: "a@b.co" });
    const id = res.headers!["x-switchyard-execution"]!;
    expect((await stepsOf(id)).map((s) => `${s.nodeId}:${s.status}`).sort()).toEqual(["hook:succeeded", "norm:succeeded", "reply:succeeded"]);
    expect((await t.waitFor(id)).status).toBe("succeeded");
  });

  it("gives a side-effecting step back to the workers, which finish the flow and answer", async () => {
    const { token } = await hook(
      [
        ["effect", "test.effect", { value: "x" }],
        ["reply", "trigger.respond", { status: "200", body: '{{ { "done": true } }}' }],
      ],
      [["hook", "effect"], ["effect", "reply"]],
    );
    const worker = startWorker({ db: t.db, registry: t.registry, options: FAST });
    try {
      const res = await post(token, "{}");
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const [effect] = await t.db
        .select({ owner: stepRuns.leaseOwner, losses: stepRuns.workerLosses, status: stepRuns.status })
        .from(stepRuns)
        .where(sql`${stepRuns.executionId} = ${res.headers!["x-switchyard-execution"]} and ${stepRuns.nodeId} = 'effect'`);
      expect(effect).toMatchObject({ status: "succeeded", losses: 0 });
    } finally {
      await worker.stop();
    }
  });

  it("if the intake dies after its commit, the steps it had claimed run on a worker once the lease expires", async () => {
    const { token, workflowId } = await hook(
      [["reply", "trigger.respond", { status: "200", body: '{{ { "ok": true } }}' }]],
      [["hook", "reply"]],
    );
    const target = await resolveTriggerTarget(t.db, token, "production", t.registry, WEBHOOK_NODE_TYPE);
    if (!target.ok) throw new Error(target.message);
    // Committed with its first step leased to an intake that then "dies" (never runs it).
    const stored = await storeTriggerEvent(t.db, target.target, "production", null, { body: {} }, { catalog: t.registry, local: { owner: "dead-intake", leaseMs: 300, max: 1 } });
    if (stored.duplicate) throw new Error("unexpected duplicate");
    expect(stored.claimed).toHaveLength(1);
    const worker = startWorker({ db: t.db, registry: t.registry, options: FAST });
    try {
      const done = await t.waitFor(stored.executionId);
      expect(done.status).toBe("succeeded");
      expect(done.steps.find((s) => s.nodeId === "hook")).toMatchObject({ status: "succeeded", workerLosses: 1 });
    } finally {
      await worker.stop();
    }
    const [n] = await t.db.select({ n: sql<number>`count(*)::int` }).from(executions).where(eq(executions.workflowId, workflowId));
    expect(n!.n).toBe(1);
  });
});
