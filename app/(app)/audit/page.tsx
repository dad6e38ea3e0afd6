import { PageHeader } from "@/components/layout/page-header";
import { AuditLog } from "@/components/monitoring/audit-log";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Audit log" };

export default async function Page() {
  const { api } = await requireSignedIn("/audit");
  const { current } = await api.workspace.mine();
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when: workflows, versions, credentials, members, retries and alert settings. Entries can never be edited or deleted." />
      {roleAtLeast(current.role, "admin") ? (
        <AuditLog />
      ) : (
        <p className="px-8 py-6 text-sm text-slate-600">Only workspace admins can read the audit log. Ask an admin of this workspace if you need it.</p>
      )}
    </>
  );
}
