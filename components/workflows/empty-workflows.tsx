import Link from "next/link";

export function EmptyWorkflows({ canEdit, onCreate }: { canEdit: boolean; onCreate: () => void }) {
  return (
    <div className="card mx-auto max-w-2xl p-10 text-center">
      <h2 className="text-lg font-semibold text-slate-900">You have no workflows yet</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
        A workflow does a job for you automatically. For example: when a lead fills in your website form, save them to your
        contacts, send a welcome e-mail and create a follow-up task.
      </p>
      {canEdit ? (
        <>
          <div className="mt-6 flex justify-center gap-3">
            <Link href="/templates" className="btn-primary">
              Start from a template
            </Link>
            <button type="button" className="btn-secondary" onClick={onCreate}>
              Create your first workflow
            </button>
          </div>
          <p className="mt-3 text-xs text-slate-500">A template comes ready with its steps and tables; or give a new workflow a name and add its steps on a canvas.</p>
        </>
      ) : (
        <p className="mt-6 text-sm text-slate-600">You can view workflows in this workspace. Ask an editor or admin to create one.</p>
      )}
    </div>
  );
}
