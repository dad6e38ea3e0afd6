import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { requireSignedIn } from "@/server/api/server-caller";

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { api } = await requireSignedIn(`/workflows/${id}`);
  const wf = /^[0-9a-f-]{36}$/i.test(id) ? await api.workflow.get({ id }).catch(() => null) : null;
  if (!wf) notFound();
  return (
    <>
      <PageHeader title={wf.name} description={wf.description || "The visual editor for this workflow's steps is being built."} />
      <div className="p-8 text-sm text-slate-600">Draft revision {wf.draftRevision}.</div>
    </>
  );
}
