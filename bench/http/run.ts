/**
 * Outbound HTTP benchmark: per-call overhead of the SSRF guard, rate limiter and circuit breaker
 * (microseconds), and end-to-end requests/s against a local peer on 127.0.0.1 — raw node:http as
 * the baseline, `outboundRequest` (guard + pinned lookup), and `executeWithResilience` with and
 * without a credential key. Writes bench/results/http.json.
 *
 *   npx tsx bench/http/run.ts            (QUICK=1 for a short smoke run)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { BreakerRegistry, CircuitBreaker } from "@/server/integrations/circuit-breaker";
import { outboundRequest } from "@/server/integrations/http-client";
import { MemoryBucketStore, RateLimiter } from "@/server/integrations/rate-limiter";
import { executeWithResilience } from "@/server/integrations/resilience";
import { compileAllowList, guardUrl } from "@/server/integrations/ssrf-guard";

const QUICK = process.env.QUICK === "1";
const allowList = compileAllowList(["127.0.0.1/32", "peer.bench"]);
const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];

async function micro(name: string, iterations: number, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < Math.min(2000, iterations); i++) await fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  const us = ((performance.now() - t0) * 1000) / iterations;
  console.log(`${name.padEnd(44)} ${us.toFixed(2).padStart(8)} µs/call`);
  return { name, iterations, usPerCall: +us.toFixed(3) };
}

async function throughput(name: string, total: number, concurrency: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await fn();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await fn();
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const rps = total / secs;
  console.log(`${name.padEnd(44)} ${rps.toFixed(0).padStart(8)} req/s  (${total} requests, concurrency ${concurrency})`);
  return { name, total, concurrency, requestsPerSec: Math.round(rps) };
}

async function main() {
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end('{"ok":true}');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/bench`;
  const n = QUICK ? 2_000 : 50_000;
  const total = QUICK ? 500 : 5_000;

  console.log("-- per-call overhead");
  const overhead = [
    await micro("guard: IP literal, allow-listed CIDR", n, () => guardUrl(url, { allowList })),
    await micro("guard: public IP literal", n, () => guardUrl("https://93.184.215.14/x")),
    await micro("guard: host name (injected resolver)", n, () => guardUrl(`http://peer.bench:${port}/`, { allowList, resolve })),
    await micro("limiter: take (memory store, 2 keys)", n, (() => {
      const limiter = new RateLimiter({ store: new MemoryBucketStore() });
      const keys = [{ key: "host:a", cfg: { ratePerSec: 1e9, burst: 1e9 } }, { key: "cred:1", cfg: { ratePerSec: 1e9, burst: 1e9 } }];
      return () => limiter.tryTake(keys);
    })()),
    await micro("breaker: acquire + recordSuccess", n, (() => {
      const b = new CircuitBreaker();
      return () => {
        b.acquire();
        b.recordSuccess();
      };
    })()),
  ];

  console.log("-- throughput against a local peer");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const raw = () =>
    new Promise<void>((resolveReq, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.on("end", () => resolveReq());
        })
        .on("error", reject);
    });
  const deps = () => ({
    limiter: new RateLimiter({ store: new MemoryBucketStore() }),
    breakers: new BreakerRegistry(),
  });
  const noLimit = { allowList, hostRateLimit: { ratePerSec: 1e9, burst: 1e9 }, credentialRateLimit: { ratePerSec: 1e9, burst: 1e9 } };
  const d1 = deps();
  const d2 = deps();
  // Interleaved rounds, median reported: the machine is shared and single runs are noisy.
  const rounds = QUICK ? 1 : 3;
  const configs: [string, () => Promise<unknown>][] = [
    ["raw node:http (baseline)", raw],
    ["outboundRequest (guard + pinned lookup)", () => outboundRequest({ url, allowList })],
    ["executeWithResilience, no credential", () => executeWithResilience({ url, workspaceId: "w" }, noLimit, d1)],
    [
      "executeWithResilience, with credential key",
      () => executeWithResilience({ url, workspaceId: "w", credentialId: "c1", headers: { authorization: "Bearer x" } }, noLimit, d2),
    ],
  ];
  const rates = [];
  for (const concurrency of [1, 16]) {
    const samples = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) {
      for (const [name, fn] of configs) {
        const res = await throughput(name, total, concurrency, fn);
        samples.set(name, [...(samples.get(name) ?? []), res.requestsPerSec]);
      }
    }
    for (const [name, xs] of samples) {
      const sorted = [...xs].sort((a, b) => a - b);
      rates.push({ name, concurrency, total, rounds, requestsPerSecMedian: sorted[Math.floor(sorted.length / 2)]!, samples: xs });
    }
  }
  console.log("-- medians");
  for (const r of rates) console.log(`${r.name.padEnd(44)} c=${String(r.concurrency).padEnd(3)} ${String(r.requestsPerSecMedian).padStart(8)} req/s`);
  agent.destroy();
  server.closeAllConnections();
  server.close();

  const out = {
    benchmark: "http",
    at: new Date().toISOString(),
    quick: QUICK,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    overhead,
    throughput: rates,
  };
  const file = path.resolve(process.cwd(), "bench/results/http.json");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  // Keep-alive sockets of the client's shared agents would hold the process open.
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
