// The app dies right after the inbox commit, before answering and before any worker ran a step.
// After restart, that event has led to exactly one execution, and the sender's retry is a duplicate.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { executions, webhookEndpoints, webhookInbox } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, FAST, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { startWorker } from "@/server/runtime/worker";
import { syncWebhookEndpoints } from "./webhook-endpoints";

const onPg = testDriver === "pg";
let t: Harness;
beforeAll(async () => {
  if (onPg) t = await createHarness();
});
afterAll(async () => t?.close());

function startIntake(url: string, fault: boolean) {
  const root = path.resolve(__dirname, "../..");
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "server/services/testing/webhook-server-main.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, SWITCHYARD_FAULT: fault ? "exit-after-inbox-commit" : "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const ready = (async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) return m[1]!;
      if (Date.now() > deadline) throw new Error(`intake did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { child, exited, ready };
}

describe.skipIf(!onPg)("webhook intake crash after the inbox commit (pg)", () => {
  it("leads to exactly one execution after restart", async () => {
    const graph = graphOf([["hook", "trigger.webhook"], ["a", "data.set", { fields: [{ name: "n", value: "{{ trigger.body.n }}" }] }]], [["hook", "a"]]);
    const workflowId = await t.createWorkflow(graph, { publish: true });
    await syncWebhookEndpoints(t.db, t.workspaceId, workflowId, graph);
    const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, workflowId));
    const send = (base: string) =>
      fetch(`${base}/api/hooks/${ep!.token}`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": "evt-42" }, body: '{"n":42}' });

    const doomed = startIntake(t.h.url!, true);
    const lost = await send(await doomed.ready).then(
      (r) => r.status,
      () => "connection lost",
    );
    expect(lost).toBe("connection lost");
    expect(await doomed.exited).toBe(137);

    const inbox = await t.db.select().from(webhookInbox).where(eq(webhookInbox.endpointId, ep!.id));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.executionId).not.toBeNull();

    // "Restart": a worker and a healthy intake process.
    const worker = startWorker({ db: t.db, registry: t.registry, options: FAST });
    const healthy = startIntake(t.h.url!, false);
    try {
      const done = await t.waitFor(inbox[0]!.executionId!);
      expect(done.status).toBe("succeeded");
      expect(done.result).toEqual({ n: 42 });
      const retry = await send(await healthy.ready);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ duplicate: true, executionId: inbox[0]!.executionId });
      const all = await t.db.select().from(executions).where(eq(executions.workflowId, workflowId));
      expect(all).toHaveLength(1);
    } finally {
      healthy.child.kill("SIGTERM");
      await worker.stop();
    }
  }, 60_000);
});
