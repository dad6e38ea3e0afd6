import { Suspense } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { RunsPage } from "@/components/runs/runs-page";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Runs" };

export default async function Page() {
  const { api } = await requireSignedIn("/runs");
  const { current } = await api.workspace.mine();
  return (
    <>
      <PageHeader title="Runs" description="Every run of your workflows: what started it, what each step did, and why a run failed. Open a failed run to fix it and retry it from the step that failed." />
      <Suspense>
        <RunsPage isAdmin={roleAtLeast(current.role, "admin")} />
      </Suspense>
    </>
  );
}
