// bench/leads/limiters: the lead flow's three write/send paths measured alone, the way the flow
// used them before docs/decisions/0903 and the way it uses them now, interleaved (A B A B …) on one
// scratch Postgres database so that load from other work on the machine hits both alike.
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//   node --conditions=react-server --import tsx bench/leads/limiters.ts [--rounds 3] [--n 400]
// 1. New Leads rows at concurrency 20: + one counter row per insert (before) vs + a delta row (now).
// 2. The daily report at concurrency 20: re-count the segment's leads of the day, then upsert the
//    count (before) vs upsert with +1 in place (now).
// 3. 200 e-mails at concurrency 20 to a local SMTP server: a connection per e-mail vs a pool.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { startMailSink } from "@/server/demo/mail-sink";
import { closeSmtpPools, sendMail } from "@/server/integrations/smtp";
import * as data from "@/server/services/data-tables";
import { flowWriter } from "@/server/services/data-tables/testing";
import { actorOf } from "@/server/services/workspaces";
import { LEADS, REPORTING } from "@/server/templates/tables";
import { runMain } from "../report";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("rounds", 3);
const N = arg("n", 400);
const CONCURRENCY = 20;

async function pool<T>(n: number, fn: (i: number) => Promise<T>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return (n / (performance.now() - t0)) * 1000;
}

async function main() {
  const scratch = await createScratchDatabase();
  const handle = await createDb({ url: scratch.url, poolSize: 30 });
  await migrateDb(handle);
  const db: Db = handle.db;
  const sink = await startMailSink(() => undefined);
  const { owner, workspaceId } = await makeWorkspaceWithOwner(db);
  const actor = actorOf(owner);
  const results: Record<string, number[]> = {};
  const note = (k: string, v: number) => (results[k] ??= []).push(Math.round(v * 10) / 10);
  try {
    let tableNo = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of ["before", "now"] as const) {
        // 1. New rows in one table.
        const leads = await data.createTable(db, workspaceId, actor, { ...LEADS, name: `Leads ${tableNo++}` });
        note(`new Leads rows/s, ${variant}`, await pool(N, (i) =>
          db.transaction(async (tx) => {
            const t = await data.loadTable(tx, workspaceId, leads.id, "write");
            const r = await data.upsertRowsIn(tx, t, flowWriter(randomUUID()), [{ email: `lead${i}@example.com`, segment: ["Enterprise", "SMB", "Nurture"][i % 3], received_at: new Date().toISOString() }]);
            // The old counter: one row per table, updated by every creating transaction.
            if (variant === "before") await tx.execute(sql`update data_tables set row_count = row_count + ${r.created} where id = ${leads.id}`);
          }),
        ));
        // 2. The daily report over those leads.
        const report = await data.createTable(db, workspaceId, actor, { ...REPORTING, name: `Reporting ${tableNo++}` });
        const today = new Date().toISOString().slice(0, 10);
        note(`report updates/s, ${variant}`, await pool(N, async (i) => {
          const segment = ["Enterprise", "SMB", "Nurture"][i % 3]!;
          if (variant === "now") {
            await data.upsertRows(db, workspaceId, flowWriter(randomUUID()), report.id, [{ date: today, segment }], "merge", { add: { leads: 1 } });
            return;
          }
          // What "Count today's leads" did: page through the day's leads of the segment, count them.
          const t = await data.loadTable(db, workspaceId, leads.id);
          let n = 0;
          let cursor: string | null = null;
          do {
            const page: data.RowPage = await data.findRowsIn(db, t, { filters: [{ field: "segment", op: "eq", value: segment }, { field: "received_at", op: "gte", value: today }], limit: 1000, cursor });
            n += page.rows.length;
            cursor = page.nextCursor;
          } while (cursor);
          await data.upsertRows(db, workspaceId, flowWriter(randomUUID()), report.id, [{ date: today, segment, leads: n }]);
        }));
        // 3. E-mail.
        const smtp = { host: sink.host, port: sink.port, allowList: ["127.0.0.1"] };
        note(`e-mails/s, ${variant}`, await pool(200, (i) => sendMail(smtp, { from: "sales@example.com", to: `lead${i}@example.com`, subject: "Welcome", text: "Hello" }, variant === "now" ? { pool: "bench" } : {})));
        closeSmtpPools();
      }
    }
  } finally {
    await sink.close();
    await handle.close();
    await scratch.drop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [k, v] of Object.entries(results)) console.log(`${k}: median ${median(v)} (runs ${v.join(", ")})`);
}

runMain(main);
