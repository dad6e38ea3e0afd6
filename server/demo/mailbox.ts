// The demo mailbox: e-mails the demo's SMTP sink receives and the Slack-style alerts the demo
// receiver gets, kept as rows of a data table in the demo workspace, so they can be read in the
// app (Data → Demo mailbox, or the "Demo mailbox" page) with nothing else installed.
import type { Db } from "@/db/client";
import type { TableDefInput } from "@/server/data/field-types";
import { systemActor } from "@/server/services/audit";
import { createTable, insertRows, loadTable } from "@/server/services/data-tables";
import { ConflictError, NotFoundError } from "@/server/services/errors";

export const MAILBOX_TABLE = "Demo mailbox";

const MAILBOX: TableDefInput = {
  name: MAILBOX_TABLE,
  description: "What the demo sent: e-mails caught by the local mail server and Slack-style alerts. Nothing here left your computer.",
  fields: [
    { key: "received_at", label: "Received", type: "datetime", indexed: true },
    { key: "channel", label: "Channel", type: "single_select", options: ["E-mail", "Slack"], indexed: true },
    { key: "from", label: "From", type: "text" },
    { key: "to", label: "To", type: "text", indexed: true },
    { key: "subject", label: "Subject", type: "text" },
    { key: "body", label: "Message", type: "long_text" },
  ],
};

export async function ensureMailboxTable(db: Db, workspaceId: string): Promise<void> {
  try {
    await loadTable(db, workspaceId, MAILBOX_TABLE);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    try {
      await createTable(db, workspaceId, systemActor, MAILBOX);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}

export interface MailboxEntry {
  channel: "E-mail" | "Slack";
  from: string;
  to: string;
  subject: string;
  body: string;
}

export async function storeInMailbox(db: Db, workspaceId: string, m: MailboxEntry): Promise<void> {
  // Long bodies are cut: this is a preview for people, not an archive.
  await insertRows(db, workspaceId, { actor: { id: null, label: "Demo mailbox" } }, MAILBOX_TABLE, [
    { received_at: new Date().toISOString(), channel: m.channel, from: m.from.slice(0, 500), to: m.to.slice(0, 500), subject: m.subject.slice(0, 500), body: m.body.slice(0, 20_000) },
  ]);
}
