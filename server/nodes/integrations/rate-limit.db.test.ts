import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { dbQuery } from "@/server/integrations/pg-stores";
import { PgBucketStore } from "@/server/integrations/rate-limiter";
import { spawn, type ChildProcess } from "node:child_process";
import { setOutboundAllowList } from "@/server/services/outbound-settings";
import { createIntegrationExecutors } from "./executors";
import { executorOf, runExecutor } from "./testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ poolSize: 4 });
});
afterAll(() => t?.close());

describe("PgBucketStore (the SQL of rate-limiter.ts, on a real database)", () => {
  it("grants the burst, then refuses with a wait; a drain blocks for the Retry-After", async () => {
    const store = new PgBucketStore(dbQuery(t.db));
    const cfg = { ratePerSec: 1, burst: 3 };
    const takes = [];
    for (let i = 0; i < 4; i++) takes.push(await store.take("host:burst.test", cfg));
    expect(takes.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(takes[3]).toMatchObject({ ok: false });
    expect((takes[3] as { waitMs: number }).waitMs).toBeGreaterThan(900);
    expect((takes[3] as { waitMs: number }).waitMs).toBeLessThanOrEqual(1000);

    await store.drain("host:drained.test", 5_000);
    const r = await store.take("host:drained.test", cfg);
    expect(r.ok).toBe(false);
    expect((r as { waitMs: number }).waitMs).toBeGreaterThan(4_900);
  });
});

// Two independent users of one Postgres stand in for two worker processes: each has its own
// connection pool, executors and limiter, and they only share the rate_limit_bucket rows.
// The peer runs in its own process: arrival times taken on the test's own busy event loop would
// measure that loop's lag, not what a remote server sees.
const PEER_SCRIPT = `
const times = [];
require("node:http").createServer((req, res) => {
  if (req.url === "/times") return res.end(JSON.stringify(times));
  times.push(performance.now());
  req.resume();
  req.on("end", () => res.end("ok"));
}).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;

async function startPeerProcess(): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-e", PEER_SCRIPT], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`peer exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

describe.skipIf(testDriver !== "pg")("5 requests/s per host across two workers (Postgres)", () => {
  let peer: { origin: string; child: ChildProcess } | undefined;
  let second: DbHandle;
  afterAll(async () => {
    peer?.child.kill();
    await second?.close();
  });

  it("200 requests: the peer never sees more than 5 in any second", { timeout: 120_000 }, async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(t.db, "Limits");
    await setOutboundAllowList(t.db, workspaceId, { id: owner.id, label: "x" }, ["127.0.0.1/32"]);
    peer = await startPeerProcess();
    second = await createDb({ url: t.url!, poolSize: 4 });
    const workers = [t.db, second.db].map((db) => executorOf(createIntegrationExecutors(db), "http.request"));
    // Burst 1: tokens are at least 200 ms apart on the database clock (222 ms with the executor's
    // 10% margin for arrival jitter), so no second on the peer's clock holds six.
    const config = { url: `${peer.origin}/r`, rateLimitPerSec: 5, rateLimitBurst: 1, timeoutMs: 10_000 };
    let next = 0;
    const worker = async (w: number) => {
      while (next < 200) {
        next++;
        const r = await runExecutor(workers[w % 2]!, workspaceId, config);
        expect(r).toMatchObject({ output: { status: 200 } });
      }
    };
    // Eight concurrent steps per worker, all competing for the same host bucket.
    await Promise.all(Array.from({ length: 16 }, (_, i) => worker(i)));
    const times = ((await (await fetch(`${peer.origin}/times`)).json()) as number[]).sort((a, b) => a - b);
    expect(times).toHaveLength(200);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(5);
    // And not much slower than the limit: 200 at 5/s less the 10% safety margin is about 44 s.
    expect(times.at(-1)! - times[0]!).toBeLessThan(48_000);
  });
});
