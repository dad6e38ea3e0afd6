import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { AlertsPanel } from "@/components/monitoring/alerts-panel";
import { ErrorDashboard } from "@/components/monitoring/error-dashboard";
import { SlaPanel } from "@/components/monitoring/sla-panel";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Monitoring" };

export default async function Page() {
  const { api } = await requireSignedIn("/monitoring");
  const { current } = await api.workspace.mine();
  const isAdmin = roleAtLeast(current.role, "admin");
  return (
    <>
      <PageHeader
        title="Monitoring"
        description="How your live workflows are doing: failures and their causes, how long runs take, service levels, and who gets alerted."
        actions={
          isAdmin ? (
            <Link href="/audit" className="btn-ghost">
              Audit log
            </Link>
          ) : undefined
        }
      />
      <div className="space-y-8 px-8 py-6">
        <ErrorDashboard />
        <SlaPanel isAdmin={isAdmin} />
        <AlertsPanel isAdmin={isAdmin} />
      </div>
    </>
  );
}
