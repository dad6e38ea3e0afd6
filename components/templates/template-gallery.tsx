"use client";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { TemplateCard } from "./template-card";

/** The gallery: one card per template; "Use this template" installs it and opens the editor. */
export function TemplateGallery({ canEdit, isAdmin }: { canEdit: boolean; isAdmin: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.template.list.queryOptions());
  const install = useMutation(trpc.template.install.mutationOptions({ onSuccess: (r) => router.push(`/workflows/${r.workflowId}`) }));

  return (
    <div className="p-8">
      {!canEdit && <p className="mb-4 text-sm text-slate-600">You can look at the templates; ask an editor or admin to use one.</p>}
      {canEdit && !isAdmin && (
        <p className="mb-4 text-sm text-slate-600">
          Templates that send e-mail use the workspace&apos;s default e-mail account; only admins can add a new one.
        </p>
      )}
      {install.isError && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          The template could not be installed: {errorDetails(install.error).message}
        </p>
      )}
      {list.isPending && <p className="text-sm text-slate-500">Loading templates…</p>}
      <ul className="grid gap-6 lg:grid-cols-2" aria-label="Templates">
        {list.data?.map((t) => (
          <li key={t.id}>
            <TemplateCard
              template={t}
              canEdit={canEdit}
              busy={install.isPending && install.variables?.id === t.id}
              disabled={install.isPending || install.isSuccess}
              onUse={() => install.mutate({ id: t.id })}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
