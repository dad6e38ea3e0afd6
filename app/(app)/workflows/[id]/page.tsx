import { notFound } from "next/navigation";
import { requireSignedIn } from "@/server/api/server-caller";
import { WorkflowEditor } from "@/components/editor/workflow-editor";

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { api } = await requireSignedIn(`/workflows/${id}`);
  const wf = /^[0-9a-f-]{36}$/i.test(id) ? await api.workflow.get({ id }).catch(() => null) : null;
  if (!wf) notFound();
  const { current } = await api.workspace.mine();
  return (
    <WorkflowEditor
      key={wf.id}
      workflow={{ id: wf.id, name: wf.name, draftGraph: wf.draftGraph, draftRevision: wf.draftRevision, publishedVersion: wf.publishedVersion }}
      readOnly={current.role === "viewer"}
    />
  );
}
