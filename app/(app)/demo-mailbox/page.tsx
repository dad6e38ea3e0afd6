import { redirect } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { requireSignedIn } from "@/server/api/server-caller";
import { MAILBOX_TABLE } from "@/server/demo/mailbox";

export const metadata = { title: "Demo mailbox" };

/** The demo's mailbox is a data table; this page opens it, or says how to get one. */
export default async function DemoMailboxPage() {
  const { api } = await requireSignedIn("/demo-mailbox");
  const table = (await api.data.list()).find((t) => t.name === MAILBOX_TABLE);
  if (table) redirect(`/data/${table.id}`);
  return (
    <>
      <PageHeader title="Demo mailbox" description="E-mails and Slack-style alerts sent by the demo workspace, caught on this computer." />
      <div className="p-8">
        <p className="card max-w-2xl p-6 text-sm text-slate-700">
          This workspace has no demo mailbox. Start Switchyard with <code>SWITCHYARD_DEMO=1 npm start</code> and sign in with the demo account printed in the
          console to see the demo&apos;s e-mails here.
        </p>
      </div>
    </>
  );
}
