// Raw commit rate of a Postgres: one-row UPDATEs in autocommit from `clients` connections.
import { Client } from "pg";

export async function measureCommitRate(url: string, clients: number, seconds = 3): Promise<number> {
  const setup = new Client({ connectionString: url });
  await setup.connect();
  await setup.query("create table if not exists bench_commit (id int primary key, n bigint not null)");
  await setup.query(`insert into bench_commit select g, 0 from generate_series(1, ${clients}) g on conflict do nothing`);
  await setup.end();
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const until = performance.now() + seconds * 1000;
  let commits = 0;
  await Promise.all(
    conns.map(async (c, i) => {
      while (performance.now() < until) {
        await c.query("update bench_commit set n = n + 1 where id = $1", [i + 1]);
        commits++;
      }
    }),
  );
  await Promise.all(conns.map((c) => c.end()));
  return Math.round(commits / seconds);
}
