import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { randomUUID } from "node:crypto";
import { users } from "@/db/schema";
import { createAppRegistry } from "@/server/app-registry";
import { startPeer, type Peer } from "@/server/integrations/testing/peer";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { progressBus } from "@/server/runtime/progress";
import { FAST } from "@/server/runtime/testing/harness";
import { startWorker, type WorkerHandle } from "@/server/runtime/worker";
import { resetAppKeyRing } from "@/server/services/credentials-keys";
import { listCredentialDetails } from "@/server/services/credentials";
import { findRows } from "@/server/services/data-tables";
import { getWorkflow } from "@/server/services/workflows";
import { MAILBOX_TABLE } from "./mailbox";
import { receiveDemoSlack, startDemo } from "./seed";

let t: TestDb;
let worker: WorkerHandle;
let slack: Peer;

beforeAll(async () => {
  resetAppKeyRing(parseKeyRing(generateKey()));
  t = await createTestDb();
  worker = startWorker({ db: t.db, registry: createAppRegistry(t.db), options: FAST });
  // Stands in for the app's /demo-mailbox/slack route.
  slack = await startPeer(async (req, res) => {
    await receiveDemoSlack(t.db, JSON.parse(req.body));
    res.end("ok");
  });
});
afterAll(async () => {
  await worker.stop({ graceMs: 2000 });
  await slack.close();
  await progressBus(t.db).close();
  await t.close();
  resetAppKeyRing();
});

it("seeds a demo workspace once, with runs, records and e-mails in the mailbox", async () => {
  const deps = { appUrl: slack.origin, registry: createAppRegistry(t.db), createUser: async (a: { email: string; name: string }) => {
      const id = randomUUID();
      await t.db.insert(users).values({ id, name: a.name, email: a.email });
      return { id, name: a.name, email: a.email };
    },
  };
  const first = await startDemo(t.db, deps);
  await first.leadsPosted;
  expect((await getWorkflow(t.db, first.workspaceId, first.workflowId)).publishedVersion).toBe(1);
  const emails = async () => (await findRows(t.db, first.workspaceId, "Leads", {})).rows.map((r) => r.values.email).sort();
  expect(await emails()).toEqual(["li.wei@example.org", "maria.garcia@bigcorp.example", "tom@cornerbakery.example"]);
  expect((await findRows(t.db, first.workspaceId, "Rejected leads", {})).rows).toHaveLength(1);
  // 3 welcome e-mails + the admin's alert; 1 Slack-style alert.
  await expect.poll(async () => (await findRows(t.db, first.workspaceId, MAILBOX_TABLE, {})).rows.length, { timeout: 10_000 }).toBe(5);
  const mailbox = (await findRows(t.db, first.workspaceId, MAILBOX_TABLE, {})).rows.map((r) => r.values);
  expect(mailbox.filter((m) => m.channel === "Slack")).toHaveLength(1);
  expect(mailbox.some((m) => m.to === "maria.garcia@bigcorp.example" && /roll-out/.test(String(m.subject)))).toBe(true);
  await first.stop();

  // Second start: same workspace and workflow, nothing posted again, the new mail port written.
  const second = await startDemo(t.db, deps);
  await second.leadsPosted;
  expect([second.workspaceId, second.workflowId, first.created, second.created]).toEqual([first.workspaceId, first.workflowId, true, false]);
  expect(await emails()).toHaveLength(3);
  const smtp = (await listCredentialDetails(t.db, second.workspaceId)).find((c) => c.type === "smtp");
  expect(smtp?.settings.port).toBe(second.sink.port);
  await second.stop();
}, 60_000);
