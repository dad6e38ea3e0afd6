"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { PageHeader } from "@/components/layout/page-header";
import { Toast, type ToastMessage } from "@/components/ui/toast";
import { WorkflowNameDialog } from "./workflow-name-dialog";
import { WorkflowRow } from "./workflow-row";
import { EmptyWorkflows } from "./empty-workflows";

type Status = "draft" | "active" | "paused" | "";

let toastSeq = 0;
const nextToastId = () => ++toastSeq;

export function WorkflowList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [status, setStatus] = useState<Status>("");
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const clearToast = useCallback(() => setToast(null), []);

  const filter = { search: search || undefined, tag: tag || undefined, status: status || undefined };
  const list = useQuery(trpc.workflow.list.queryOptions(filter));
  const tags = useQuery(trpc.workflow.tags.queryOptions());
  const refresh = () => qc.invalidateQueries(trpc.workflow.pathFilter());

  const create = useMutation(
    trpc.workflow.create.mutationOptions({
      onSuccess: (wf) => {
        setCreating(false);
        void refresh();
        router.push(`/workflows/${wf.id}`);
      },
    }),
  );
  const rename = useMutation(trpc.workflow.update.mutationOptions({ onSuccess: () => (setRenaming(null), refresh()) }));
  const duplicate = useMutation(
    trpc.workflow.duplicate.mutationOptions({
      onSuccess: (wf) => (void refresh(), setToast({ id: nextToastId(), text: `Created “${wf.name}”.` })),
    }),
  );
  const restore = useMutation(trpc.workflow.restore.mutationOptions({ onSuccess: () => refresh() }));
  const remove = useMutation(
    trpc.workflow.delete.mutationOptions({
      onSuccess: (_data, vars) => {
        void refresh();
        const name = list.data?.find((w) => w.id === vars.id)?.name ?? "Workflow";
        setToast({ id: nextToastId(), text: `Deleted “${name}”.`, action: { label: "Undo", run: () => restore.mutate({ id: vars.id }) } });
      },
    }),
  );

  const filtering = Boolean(search || tag || status);
  const rows = list.data ?? [];

  return (
    <>
      <PageHeader
        title="Workflows"
        description="Each workflow is an automation: something happens (a trigger), then steps run one after another."
        actions={
          canEdit && (
            <>
              <Link href="/templates" className="btn-secondary">
                Start from a template
              </Link>
              <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
                + New workflow
              </button>
            </>
          )
        }
      />
      <div className="p-8">
        {(rows.length > 0 || filtering) && (
          <div className="mb-4 flex flex-wrap items-end gap-3" role="search">
            <div className="w-72">
              <label htmlFor="wf-search" className="label">
                Search
              </label>
              <input id="wf-search" className="input" placeholder="Name or description" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
            <div>
              <label htmlFor="wf-tag" className="label">
                Tag
              </label>
              <select id="wf-tag" className="input" value={tag} onChange={(e) => setTag(e.target.value)}>
                <option value="">All tags</option>
                {(tags.data ?? []).map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="wf-status" className="label">
                Status
              </label>
              <select id="wf-status" className="input" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
                <option value="">Any status</option>
                <option value="draft">Draft (not live)</option>
                <option value="active">Live</option>
                <option value="paused">Paused</option>
              </select>
            </div>
          </div>
        )}
        {list.isLoading && <p className="text-sm text-slate-500">Loading workflows…</p>}
        {list.isError && (
          <p role="alert" className="text-sm text-red-700">
            Could not load workflows: {errorDetails(list.error).message}
          </p>
        )}
        {list.isSuccess && rows.length === 0 && !filtering && <EmptyWorkflows canEdit={canEdit} onCreate={() => setCreating(true)} />}
        {list.isSuccess && rows.length === 0 && filtering && <p className="text-sm text-slate-600">No workflow matches these filters.</p>}
        {rows.length > 0 && (
          <div className="card overflow-hidden">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-3 font-medium">Name</th>
                  <th scope="col" className="px-4 py-3 font-medium">Status</th>
                  <th scope="col" className="px-4 py-3 font-medium">Tags</th>
                  <th scope="col" className="px-4 py-3 font-medium">Last edited</th>
                  <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((wf) => (
                  <WorkflowRow
                    key={wf.id}
                    wf={wf}
                    canEdit={canEdit}
                    onRename={() => setRenaming({ id: wf.id, name: wf.name })}
                    onDuplicate={() => duplicate.mutate({ id: wf.id })}
                    onDelete={() => remove.mutate({ id: wf.id })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length > 0 && (
          <p className="mt-3 text-xs text-slate-500">
            {rows.length} workflow{rows.length === 1 ? "" : "s"}. Open one to edit its steps. <Link className="underline" href="/runs">See recent runs</Link>.
          </p>
        )}
      </div>
      <WorkflowNameDialog
        key={creating ? "create-open" : "create-closed"}
        open={creating}
        title="New workflow"
        submitLabel="Create workflow"
        busy={create.isPending}
        serverError={create.error ? (errorDetails(create.error).fields.name ?? errorDetails(create.error).message) : undefined}
        onSubmit={(name) => create.mutate({ name })}
        onClose={() => (setCreating(false), create.reset())}
      />
      <WorkflowNameDialog
        key={renaming?.id ?? "rename-closed"}
        open={renaming !== null}
        title="Rename workflow"
        submitLabel="Save name"
        initialName={renaming?.name}
        busy={rename.isPending}
        serverError={rename.error ? (errorDetails(rename.error).fields["patch.name"] ?? errorDetails(rename.error).message) : undefined}
        onSubmit={(name) => renaming && rename.mutate({ id: renaming.id, patch: { name } })}
        onClose={() => (setRenaming(null), rename.reset())}
      />
      <Toast toast={toast} onDone={clearToast} />
    </>
  );
}
