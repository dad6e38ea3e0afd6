import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { executions } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { publishedWebhook } from "@/server/services/testing/published-webhook";
import { startWebhookServer } from "@/server/services/testing/webhook-server";
import { matchHookPath, serveWebhookOverNode } from "./node-http";

describe("webhook URLs", () => {
  it("are recognised with their token and mode, anything else is left to Next.js", () => {
    expect(matchHookPath("/api/hooks/abc")).toEqual({ token: "abc", mode: "production" });
    expect(matchHookPath("/api/hooks/abc/?x=1")).toEqual({ token: "abc", mode: "production" });
    expect(matchHookPath("/api/hooks/test/abc?x=1")).toEqual({ token: "abc", mode: "test" });
    expect(matchHookPath("/api/hooks/a%2Db")).toEqual({ token: "a-b", mode: "production" });
    expect(matchHookPath("/api/hooks/%E0%A4%A")).toBeNull();
    expect(matchHookPath("/api/hooks/abc/more")).toBeNull();
    expect(matchHookPath("/api/hooks/")).toBeNull();
    expect(matchHookPath("/api/health")).toBeNull();
  });
});

let t: Harness;
let server: Awaited<ReturnType<typeof startWebhookServer>>;
let token: string;
let workflowId: string;
beforeAll(async () => {
  t = await createHarness();
  server = await startWebhookServer(t.db, { catalog: t.registry });
  const graph = graphOf([["hook", "trigger.webhook", { maxBodyKb: 1, idempotency: "off" }], ["a", "data.set", { fields: [{ name: "ref", value: "{{ trigger.query.ref }}" }] }]], [["hook", "a"]]);
  ({ workflowId, token } = await publishedWebhook(t, graph));
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** A raw node:http request, so the body can be streamed in chunks without a Content-Length. */
function send(path: string, chunks: string[], headers: Record<string, string | string[]> = {}): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
    });
    req.on("error", reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe(`webhook intake on the direct node:http path (${testDriver})`, () => {
  it("hands the flow the query and repeated headers as sent", async () => {
    const r = await send(`/api/hooks/${token}?ref=spring-sale`, ['{"email":"ada@example.com"}'], { "x-tag": ["a", "b"] });
    expect(r.status).toBe(202);
    const { executionId } = JSON.parse(r.body) as { executionId: string };
    const [row] = await t.db.select({ triggerData: executions.triggerData }).from(executions).where(eq(executions.id, executionId));
    const data = row!.triggerData as { query: Record<string, string>; headers: Record<string, string>; body: unknown };
    expect(data.query).toEqual({ ref: "spring-sale" });
    expect(data.headers["x-tag"]).toBe("a, b");
    expect(data.body).toEqual({ email: "ada@example.com" });
  });

  it("stops reading a streamed body past the limit, answers 413 and closes, then keeps serving", async () => {
    const before = await t.db.select({ id: executions.id }).from(executions).where(eq(executions.workflowId, workflowId));
    const big = await send(`/api/hooks/${token}`, ['{"pad":"', "x".repeat(800), "x".repeat(800), "x".repeat(800), '"}'], { "transfer-encoding": "chunked" });
    expect(big.status).toBe(413);
    expect(big.body).toMatch(/larger than this webhook accepts/);
    expect(big.connection).toBe("close");
    const after = await t.db.select({ id: executions.id }).from(executions).where(eq(executions.workflowId, workflowId));
    expect(after.length).toBe(before.length);
    expect((await send(`/api/hooks/${token}`, ['{"ok":true}'])).status).toBe(202);
  });

  it("answers 503 with Retry-After when the database cannot be reached, never a 2xx", async () => {
    const down = http.createServer((req, res) => void serveWebhookOverNode(req, res, matchHookPath(req.url)!, () => Promise.reject(new Error("connection refused"))));
    await new Promise<void>((r) => down.listen(0, "127.0.0.1", r));
    const { port } = down.address() as { port: number };
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/hooks/${token}`, { method: "POST", body: "{}" });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect(await r.text()).toMatch(/could not be stored/);
    } finally {
      await new Promise((r) => down.close(r));
    }
  });
});
