import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { RunViewer } from "@/components/runs/run-viewer";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Run" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { api } = await requireSignedIn(`/runs/${id}`);
  const { current } = await api.workspace.mine();
  return (
    <>
      <PageHeader
        title="Run details"
        description="What each step received and produced. Click a step on the canvas or in the timeline to see its data."
        actions={
          <Link href="/runs" className="btn-ghost">
            ← All runs
          </Link>
        }
      />
      <RunViewer id={id} canAct={roleAtLeast(current.role, "editor")} />
    </>
  );
}
