import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { executions, stepRuns, webhookInbox } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { effectJournal } from "@/server/runtime/testing/test-nodes";
import { createRegistry } from "@/server/nodes/registry";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import type { NodeExecutor } from "@/server/nodes/executor";
import { testExecutors } from "@/server/runtime/testing/test-nodes";
import { bodyFromBytes, receiveWebhook, type IngressDeps } from "./webhook-ingress";
import { publishedWebhook } from "./testing/published-webhook";
import { storeBatched } from "./intake-batcher";
import { resolveTriggerTarget } from "./webhook-target";
import { progressBus, type ProgressEvent } from "@/server/runtime/progress";

let t: Harness;
let deps: IngressDeps;
beforeAll(async () => {
  t = await createHarness();
  t.registry = createRegistry([...testExecutors, respondWebhookRun as unknown as NodeExecutor]);
  deps = { catalog: t.registry };
});
afterAll(async () => t?.close());

type Nodes = Parameters<typeof graphOf>[0];
type Edges = Parameters<typeof graphOf>[1];

async function published(nodes: Nodes, edges: Edges, settings: Record<string, unknown> = {}) {
  return publishedWebhook(t, graphOf(nodes, edges, settings));
}

const post = (token: string, body: unknown) =>
  receiveWebhook(
    t.db,
    { token, mode: "production", method: "POST", headers: new Headers({ "content-type": "application/json" }), query: {}, readBody: bodyFromBytes(new TextEncoder().encode(JSON.stringify(body))) },
    deps,
  );

const statusCounts = async (workflowId: string) => {
  const rows = await t.db.select({ status: executions.status, n: count() }).from(executions).where(eq(executions.workflowId, workflowId)).groupBy(executions.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
};

const HOOK_OFF = { idempotency: "off", rateLimitPerSecond: 100_000 };

describe(`batched intake (${testDriver})`, () => {
  it("stores 40 concurrent events, each with its inbox row, its execution and its first step queued", async () => {
    const { token, workflowId } = await published(
      [
        ["hook", "trigger.webhook", HOOK_OFF],
        ["a", "data.set", { fields: [{ name: "n", value: "{{ trigger.body.n }}" }] }],
      ],
      [["hook", "a"]],
      { concurrency: 1000 },
    );
    const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => post(token, { n })));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(202));
    const ids = answers.map((a) => (a.body as { executionId: string }).executionId);
    expect(new Set(ids).size).toBe(40);
    expect(await statusCounts(workflowId)).toEqual({ running: 40 });
    const inbox = await t.db.select({ executionId: webhookInbox.executionId }).from(webhookInbox).innerJoin(executions, eq(executions.id, webhookInbox.executionId)).where(eq(executions.workflowId, workflowId));
    expect(new Set(inbox.map((r) => r.executionId))).toEqual(new Set(ids));
    const steps = await t.db.select({ nodeId: stepRuns.nodeId, status: stepRuns.status, executionId: stepRuns.executionId }).from(stepRuns).innerJoin(executions, eq(executions.id, stepRuns.executionId)).where(eq(executions.workflowId, workflowId));
    expect(steps).toHaveLength(40);
    expect(steps.every((s) => s.nodeId === "hook" && s.status === "queued")).toBe(true);
    // Each request's own data went to its own execution.
    const [e] = await t.db.select({ triggerData: executions.triggerData }).from(executions).where(eq(executions.id, ids[7]!));
    expect(e!.triggerData).toMatchObject({ body: { n: 7 } });
  });

  it("in respond mode, runs the pure steps before the commit: the answer needs no worker and the run is stored finished", async () => {
    const { token, workflowId } = await published(
      [
        ["hook", "trigger.webhook", { ...HOOK_OFF, responseMode: "respond_node", responseTimeoutMs: 3000 }],
        ["valid", "logic.if", { groups: [{ combinator: "and", conditions: [{ field: "trigger.body.email", operator: "contains", value: "@" }] }] }],
        ["reject", "trigger.respond", { status: "422", body: '{{ { "error": "No @ in the e-mail" } }}' }],
        ["norm", "data.set", { fields: [{ name: "email", value: "{{ $lowercase(trigger.body.email) }}" }] }],
        ["reply", "trigger.respond", { status: "200", body: '{{ { "email": steps.norm.email, "run": vars.executionId } }}' }],
      ],
      [
        ["hook", "valid"],
        ["valid", "norm", "true"],
        ["valid", "reject", "false"],
        ["norm", "reply"],
      ],
    );
    // No worker runs in this test: an answer can only come from the intake itself.
    const [ok, bad] = await Promise.all([post(token, { email: "Ann@Example.COM" }), post(token, { email: "nope" })]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const runId = ok.headers?.["x-switchyard-execution"];
    expect(ok.body).toEqual({ email: "ann@example.com", run: runId });
    expect(bad.status).toBe(422);
    const [run] = await t.db.select().from(executions).where(eq(executions.id, runId!));
    expect(run).toMatchObject({ status: "succeeded" });
    expect(run!.finishedAt).not.toBeNull();
    const steps = await t.db.select({ nodeId: stepRuns.nodeId, status: stepRuns.status, output: stepRuns.output }).from(stepRuns).where(eq(stepRuns.executionId, runId!)).orderBy(asc(stepRuns.nodeId));
    expect(steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["hook", "succeeded"],
      ["norm", "succeeded"],
      ["reject", "skipped"],
      ["reply", "succeeded"],
      ["valid", "succeeded"],
    ]);
    expect(steps.find((s) => s.nodeId === "norm")!.output).toEqual({ email: "ann@example.com" });
    expect(await statusCounts(workflowId)).toEqual({ succeeded: 2 });
  });

  it("in respond mode, a side-effecting step is not run at intake: it is queued for the workers after the pure steps", async () => {
    effectJournal.length = 0;
    const { token } = await published(
      [
        ["hook", "trigger.webhook", { ...HOOK_OFF, responseMode: "respond_node", responseTimeoutMs: 1500 }],
        ["a", "data.set", { fields: [{ name: "x", value: "{{ trigger.body.x }}" }] }],
        ["fx", "test.effect", {}],
      ],
      [
        ["hook", "a"],
        ["a", "fx"],
      ],
    );
    const res = await post(token, { x: 1 });
    // Nobody responds within the time limit without a worker: the intake answers 202 with the run.
    expect(res.status).toBe(202);
    const runId = (res.body as { executionId: string }).executionId;
    const steps = await t.db.select({ nodeId: stepRuns.nodeId, status: stepRuns.status }).from(stepRuns).where(eq(stepRuns.executionId, runId)).orderBy(asc(stepRuns.nodeId));
    expect(steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["a", "succeeded"],
      ["fx", "queued"],
      ["hook", "succeeded"],
    ]);
    expect(effectJournal).toHaveLength(0);
    const [w] = t.startWorkers(1);
    const done = await t.waitFor(runId);
    await w!.stop();
    expect(done.status).toBe("succeeded");
    expect(effectJournal.filter((j) => j.key.startsWith(runId))).toHaveLength(1);
  });

  it("keeps the workflow's concurrency limit: 60 concurrent events with a limit of 5 start 5 and queue the rest, and the queue drains", async () => {
    const { token, workflowId } = await published(
      [
        ["hook", "trigger.webhook", HOOK_OFF],
        ["a", "data.set", { fields: [{ name: "n", value: "{{ trigger.body.n }}" }] }],
      ],
      [["hook", "a"]],
      { concurrency: 5 },
    );
    const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => post(token, { n })));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(await statusCounts(workflowId)).toEqual({ running: 5, queued: 55 });
    const workers = t.startWorkers(2);
    const deadline = Date.now() + 20_000;
    let most = 0;
    for (;;) {
      const c = await statusCounts(workflowId);
      most = Math.max(most, c.running ?? 0);
      if (c.succeeded === 60 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(workers.map((w) => w.stop()));
    expect(await statusCounts(workflowId)).toEqual({ succeeded: 60 });
    expect(most).toBeLessThanOrEqual(5);
  }, 30_000);

  it("announces every execution it stores to subscribers (other processes on Postgres), once, with its status", async () => {
    const { token } = await published(
      [
        ["hook", "trigger.webhook", { ...HOOK_OFF, responseMode: "respond_node" }],
        ["reply", "trigger.respond", { status: "200", body: "{{ trigger.body.n }}" }],
      ],
      [["hook", "reply"]],
      { concurrency: 1000 },
    );
    const seen: ProgressEvent[] = [];
    const unsubscribe = progressBus(t.db).subscribe((e) => e.type === "execution" && seen.push(e));
    try {
      // On Postgres the subscription LISTENs first: let it settle so no notification is missed.
      await new Promise((r) => setTimeout(r, 300));
      const answers = await Promise.all(Array.from({ length: 90 }, (_, n) => post(token, { n })));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const ids = answers.map((a) => a.headers?.["x-switchyard-execution"] ?? "");
      const deadline = Date.now() + 5000;
      while (seen.length < 90 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const mine = seen.filter((e) => e.type === "execution" && ids.includes(e.executionId));
      expect(mine).toHaveLength(90);
      expect(new Set(mine.map((e) => (e.type === "execution" ? e.executionId : ""))).size).toBe(90);
      expect(mine.every((e) => e.type === "execution" && e.status === "succeeded" && e.workspaceId === t.workspaceId)).toBe(true);
    } finally {
      unsubscribe();
    }
  });

  it("an event the database refuses fails alone; the others of its batch are stored", async () => {
    const { token, workflowId } = await published([["hook", "trigger.webhook", HOOK_OFF], ["a", "data.set", { fields: [] }]], [["hook", "a"]], { concurrency: 1000 });
    const resolved = await resolveTriggerTarget(t.db, token, "production", t.registry, "trigger.webhook");
    if (!resolved.ok) throw new Error(resolved.message);
    const event = (body: unknown) => ({ target: resolved.target, key: null, triggerData: { body }, nowMs: Date.now(), executionId: randomUUID() });
    // A NUL in a JSON string cannot be stored as jsonb (the HTTP intake refuses it earlier, with a 400).
    const results = await Promise.allSettled([...Array.from({ length: 9 }, (_, i) => storeBatched(t.db, t.registry, event({ i }))), storeBatched(t.db, t.registry, event({ bad: "a\u0000b" }))]);
    expect(results.slice(0, 9).every((r) => r.status === "fulfilled" && !r.value.duplicate)).toBe(true);
    expect(results[9]!.status).toBe("rejected");
    expect(await statusCounts(workflowId)).toEqual({ running: 9 });
    const [inbox] = await t.db.select({ n: count() }).from(webhookInbox).where(and(eq(webhookInbox.endpointId, resolved.target.endpointId)));
    expect(inbox!.n).toBe(9);
  });
});
