// The three measurements of bench/data/run.ts.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { LEADS_TABLE } from "@/server/data/starter-tables";
import { systemActor } from "@/server/services/audit";
import * as data from "@/server/services/data-tables";
import { createDataExecutors } from "@/server/nodes/data/executors";
import { runNode } from "@/server/nodes/data/testing";
import { percentile } from "./setup";

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
}

export async function benchUpserts(db: Db, ws: string) {
  const t = await data.createTable(db, ws, systemActor, { ...LEADS_TABLE, name: "Upsert bench" });
  const upsert = createDataExecutors(db).find((e) => e.definition.type === "data.upsert")!;
  const count = 5000;
  const concurrency = 16;
  const rec = (i: number) => ({ email: ` Lead${i % 2000}@Example.com `, name: `person ${i}`, employees: String(i % 300), segment: "SMB" });
  await pool(200, 8, (i) => runNode(upsert, ws, { table: t.id }, rec(i))); // warm-up
  let t0 = performance.now();
  await pool(count, concurrency, (i) => runNode(upsert, ws, { table: t.id }, rec(i)));
  const singleMs = performance.now() - t0;
  const size = 500;
  const lists = 20;
  t0 = performance.now();
  await pool(lists, 4, (l) => runNode(upsert, ws, { table: t.id }, Array.from({ length: size }, (_, i) => rec(l * size + i + 7))));
  const batchMs = performance.now() - t0;
  return {
    single: { count, concurrency, ms: Math.round(singleMs), perSecond: Math.round((count / singleMs) * 1000) },
    batch: { size, lists, ms: Math.round(batchMs), perSecond: Math.round(((size * lists) / batchMs) * 1000) },
  };
}

export async function benchImport(db: Db, ws: string) {
  const t = await data.createTable(db, ws, systemActor, { ...LEADS_TABLE, name: "Import bench" });
  const rows = 100_000;
  const lines = ["Email,Name,Employees,Segment,Phone"];
  for (let i = 0; i < rows; i++) {
    if (i % 20 === 7) lines.push(`broken-${i},Broken,1,SMB,`);
    else if (i % 10 === 3) lines.push(` LEAD${Math.floor(i / 2)}@Example.COM ,Again ${i},${i % 50},smb,+1 415 555 ${String(1000 + (i % 9000)).padStart(4, "0")}`);
    else lines.push(`lead${i}@example.com,"Person, ${i}",${i % 500},Startup,(415) 555-${String(1000 + (i % 9000)).padStart(4, "0")}`);
  }
  const bytes = new TextEncoder().encode(lines.join("\r\n"));
  const mapping = { Email: "email", Name: "name", Employees: "employees", Segment: "segment", Phone: "phone" };
  let t0 = performance.now();
  const preview = await data.previewImport(db, ws, t.id, bytes, mapping);
  const previewMs = performance.now() - t0;
  t0 = performance.now();
  const result = await data.commitImport(db, ws, { actor: systemActor, executionId: randomUUID() }, t.id, bytes, mapping);
  const commitMs = performance.now() - t0;
  return { rows, bytes: bytes.length, counts: preview.counts, result, previewMs: Math.round(previewMs), commitMs: Math.round(commitMs), rowsPerSecond: Math.round((rows / commitMs) * 1000), endToEndRowsPerSecond: Math.round((rows / (previewMs + commitMs)) * 1000) };
}

type Query = { name: string; input: (i: number) => data.FindRowsArgs };

async function measure(db: Db, ws: string, table: string, q: Query, runs: number) {
  for (let i = 0; i < 10; i++) await data.findRows(db, ws, table, q.input(i)); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await data.findRows(db, ws, table, q.input(i));
    times.push(performance.now() - t0);
    if (r.rows.length === 0 && !q.name.includes("search")) throw new Error(`${q.name} returned no rows`);
  }
  times.sort((a, b) => a - b);
  return { name: q.name, runs, p50Ms: +percentile(times, 50).toFixed(2), p99Ms: +percentile(times, 99).toFixed(2) };
}

export async function benchGrid(db: Db, ws: string, table: string, rows: number) {
  const segments = ["Enterprise", "SMB", "Startup", "Other"];
  // A cursor deep in the table: 200 pages of 50 into "SMB by score desc".
  let cursor: string | null = null;
  for (let p = 0; p < 200; p++) cursor = (await data.findRows(db, ws, table, { filters: [{ field: "segment", op: "eq", value: "SMB" }], sort: { field: "score", direction: "desc" }, limit: 50, cursor })).nextCursor;
  const deep = cursor;
  const queries: Query[] = [
    { name: "segment = X, sort score desc, first page of 50", input: (i) => ({ filters: [{ field: "segment", op: "eq", value: segments[i % 4] }], sort: { field: "score", direction: "desc" }, limit: 50 }) },
    { name: "segment = SMB, sort score desc, page 201 (keyset)", input: () => ({ filters: [{ field: "segment", op: "eq", value: "SMB" }], sort: { field: "score", direction: "desc" }, limit: 50, cursor: deep }) },
    { name: "score >= N, sort received asc, first page of 100", input: (i) => ({ filters: [{ field: "score", op: "gte", value: String(900 + (i % 90)) }], sort: { field: "received_at", direction: "asc" }, limit: 100 }) },
    { name: "no filter, sort name asc, first page of 100", input: () => ({ sort: { field: "name", direction: "asc" }, limit: 100 }) },
    { name: "e-mail is X (one record)", input: (i) => ({ filters: [{ field: "email", op: "eq", value: `LEAD${((i * 7919) % rows) + 1}@example.com` }], limit: 10 }) },
    { name: "name contains (no index: scan until 50 found)", input: (i) => ({ filters: [{ field: "name", op: "contains", value: `son ${100 + (i % 800)}` }], limit: 50 }) },
  ];
  const out = [];
  for (const q of queries) out.push(await measure(db, ws, table, q, q.name.includes("contains") ? 30 : 200));
  return out;
}
