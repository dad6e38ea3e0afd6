// The demo workspace (`SWITCHYARD_DEMO=1`): a demo user and workspace, the lead template wired
// to a local mail server and a local Slack-style receiver (both write to the Demo mailbox), the
// workflow published, and a few leads sent so that runs, records, tasks and e-mails exist.
// Safe to run at every start: what exists is kept; only the mail server's port (random at each
// start) is written into the demo's SMTP credential again.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { productCatalog } from "@/server/nodes/catalog/all";
import type { NodeRegistry } from "@/server/nodes/registry";
import { createCredential, listCredentials, updateCredential } from "@/server/services/credentials";
import { applySchemaChange } from "@/server/services/data-tables";
import { getOutboundSettings, setOutboundAllowList } from "@/server/services/outbound-settings";
import { publishWorkflow } from "@/server/services/publishing";
import { installTemplate } from "@/server/services/templates";
import { listWebhookEndpoints } from "@/server/services/webhook-endpoints";
import { bodyFromBytes, receiveWebhook } from "@/server/services/webhook-ingress";
import { listWorkflows, updateWorkflow } from "@/server/services/workflows";
import { actorOf, ensureWorkspaceFor, type UserRef } from "@/server/services/workspaces";
import { ensureMailboxTable, storeInMailbox } from "./mailbox";
import { startMailSink, type MailSink } from "./mail-sink";

/** Printed at start-up and documented in the README; the demo is for a local machine only. */
export const DEMO_ACCOUNT = { email: "demo@switchyard.local", password: "switchyard-demo", name: "Demo User" } as const;
const DEMO_TAG = "demo";
const DEMO_SMTP_NAME = "Demo mail server (local)";

export interface DemoDeps {
  /** Creates a user that can sign in with the password (better-auth in the app). */
  createUser(account: typeof DEMO_ACCOUNT): Promise<UserRef>;
  /** Where the app answers, for the Slack-style receiver's URL (the app's own /demo-mailbox/slack). */
  appUrl: string;
  registry: NodeRegistry;
  /** Send the sample leads (off in tests that post their own). */
  postLeads?: boolean;
}

export interface DemoHandle {
  workspaceId: string;
  workflowId: string;
  sink: MailSink;
  /** True when this start created the demo (later starts keep what exists). */
  created: boolean;
  /** Resolves when the sample leads (first start only) have been answered. */
  leadsPosted: Promise<void>;
  stop(): Promise<void>;
}

async function findUser(db: Db, email: string): Promise<UserRef | undefined> {
  const [u] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, email));
  return u;
}

/** The demo workspace's id, if the demo ran before (the Slack-style receiver needs it). */
export async function demoWorkspaceId(db: Db): Promise<string | undefined> {
  const user = await findUser(db, DEMO_ACCOUNT.email);
  return user ? (await ensureWorkspaceFor(db, user))[0]?.id : undefined;
}

export async function startDemo(db: Db, deps: DemoDeps): Promise<DemoHandle> {
  const user = (await findUser(db, DEMO_ACCOUNT.email)) ?? (await deps.createUser(DEMO_ACCOUNT));
  const workspaceId = (await ensureWorkspaceFor(db, user))[0]!.id;
  const actor = actorOf(user);
  await ensureMailboxTable(db, workspaceId);
  const sink = await startMailSink((m) => storeInMailbox(db, workspaceId, { channel: "E-mail", from: m.from, to: m.to.join(", "), subject: m.subject, body: m.text }));
  const { allowList } = await getOutboundSettings(db, workspaceId);
  if (!allowList.includes("127.0.0.1")) await setOutboundAllowList(db, workspaceId, actor, [...allowList, "127.0.0.1"]);
  const smtpSettings = { host: sink.host, port: sink.port, secure: false, username: "", fromAddress: "Demo Sales <sales@demo.switchyard.local>" };

  const existing = (await listWorkflows(db, workspaceId, { tag: DEMO_TAG }))[0];
  const smtp = (await listCredentials(db, workspaceId, "smtp")).find((c) => c.name === DEMO_SMTP_NAME);
  let workflowId: string;
  let leadsPosted: Promise<void> = Promise.resolve();
  if (smtp) await updateCredential(db, workspaceId, actor, { id: smtp.id, settings: smtpSettings });
  if (existing) {
    workflowId = existing.id;
  } else {
    const credentialId = smtp?.id ?? (await createCredential(db, workspaceId, actor, { name: DEMO_SMTP_NAME, type: "smtp", settings: smtpSettings, isDefault: true })).id;
    const installed = await installTemplate(db, workspaceId, actor, "lead-to-client", {
      credentialIds: { smtp: credentialId },
      values: { "notifyTeam.url": `${deps.appUrl.replace(/\/$/, "")}/demo-mailbox/slack`, "emailAdmin.to": DEMO_ACCOUNT.email },
    });
    workflowId = installed.workflowId;
    await updateWorkflow(db, workspaceId, actor, workflowId, { tags: ["template", "sales", DEMO_TAG] });
    // A sensible table rule that one sample lead breaks, so the demo also shows a failed run and its alerts.
    await applySchemaChange(db, workspaceId, { actor }, "Leads", { kind: "retype", field: { key: "notes", label: "Notes", type: "long_text", validation: { maxLength: 2000 } } });
    await publishWorkflow(db, workspaceId, actor, workflowId, { note: "Demo set-up" }, { registry: deps.registry });
    if (deps.postLeads !== false) leadsPosted = postSampleLeads(db, workspaceId, workflowId);
  }
  return { workspaceId, workflowId, sink, created: !existing, leadsPosted, stop: () => sink.close() };
}

export const SAMPLE_LEADS: readonly Record<string, unknown>[] = [
  { email: "maria.garcia@bigcorp.example", name: "maria garcia", company: "BigCorp", employees: 1200, source: "website", message: "We would like a demo for our 40 branches." },
  { email: "tom@cornerbakery.example", name: "Tom Baker", company: "Corner Bakery", employees: 12, source: "referral" },
  { email: "li.wei@example.org", name: "Li Wei", source: "newsletter" },
  // The same person as above, typed differently: updates the record, no second e-mail.
  { email: "  Tom@CornerBakery.example ", name: "tom baker", employees: 14 },
  { email: "not an e-mail", name: "Someone", employees: "lots" },
  { email: "sam@verbose.example", name: "Sam Long", message: "Hello! ".repeat(400) },
];

/** Sends the sample leads through the real intake (as a POST to the production URL would), one at a time. */
async function postSampleLeads(db: Db, workspaceId: string, workflowId: string): Promise<void> {
  const endpoint = (await listWebhookEndpoints(db, workspaceId, workflowId)).find((e) => e.nodeId === "capture");
  if (!endpoint) return;
  for (const lead of SAMPLE_LEADS) {
    const bytes = new TextEncoder().encode(JSON.stringify(lead));
    await receiveWebhook(
      db,
      { token: endpoint.token, mode: "production", method: "POST", headers: new Headers({ "content-type": "application/json" }), query: {}, readBody: bodyFromBytes(bytes) },
      { catalog: productCatalog },
    );
  }
}

/** The Slack-style receiver: stores a Slack incoming-webhook payload ({ text }) in the mailbox. */
export async function receiveDemoSlack(db: Db, payload: unknown): Promise<boolean> {
  const workspaceId = await demoWorkspaceId(db);
  if (!workspaceId) return false;
  const text = typeof (payload as { text?: unknown })?.text === "string" ? (payload as { text: string }).text : JSON.stringify(payload);
  await storeInMailbox(db, workspaceId, { channel: "Slack", from: "Switchyard", to: "#lead-alerts", subject: text.split("\n")[0]!.slice(0, 120), body: text });
  return true;
}
