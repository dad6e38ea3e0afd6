/**
 * Data-table benchmark on PostgreSQL: upserts/s through the Upsert node's executor, CSV import
 * rows/s (preview + commit), and grid query p50/p99 on a 1,000,000-row table (filter + sort +
 * keyset page). Writes bench/results/data.json.
 *
 *   npx tsx bench/data/run.ts        (ROWS=100000 for a smaller grid table; TEST_DATABASE_URL to choose the server)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Executors import "server-only", which only resolves to an empty module under the react-server
// condition (as inside Next.js); re-run this script with it.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", __filename], { stdio: "inherit", env: process.env });
  process.exit(r.status ?? 1);
} else {
  void main();
}

async function main() {
const { benchDb, benchWorkspace, bigTable } = await import("./setup");
const { benchUpserts, benchImport, benchGrid } = await import("./measure");

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const h = await benchDb();
try {
  const ws = await benchWorkspace(h);
  const upserts = await benchUpserts(h.db, ws);
  console.log(`upsert node: ${upserts.single.perSecond} upserts/s single-record (${upserts.single.count} at concurrency ${upserts.single.concurrency}); ${upserts.batch.perSecond} records/s in lists of ${upserts.batch.size}`);
  const imp = await benchImport(h.db, ws);
  console.log(`csv import of ${imp.rows} rows: preview ${imp.previewMs} ms, commit ${imp.commitMs} ms → ${imp.rowsPerSecond} rows/s commit (the rows were checked by the preview), ${imp.endToEndRowsPerSecond} rows/s preview + commit`);
  const big = await bigTable(h, ws, ROWS);
  console.log(`grid table: ${ROWS} rows loaded in ${Math.round(big.loadMs)} ms, indexes in ${Math.round(big.indexMs)} ms`);
  const grid = await benchGrid(h.db, ws, big.id, ROWS);
  for (const q of grid) console.log(`grid ${q.name.padEnd(52)} p50 ${q.p50Ms} ms  p99 ${q.p99Ms} ms  (${q.runs} runs)`);
  const out = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    database: "PostgreSQL (scratch database on TEST_DATABASE_URL)",
    upserts,
    csvImport: imp,
    grid: { rows: ROWS, loadMs: Math.round(big.loadMs), indexMs: Math.round(big.indexMs), queries: grid },
  };
  const file = path.resolve("bench/results/data.json");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`wrote ${file}`);
} finally {
  await h.drop();
}
}
