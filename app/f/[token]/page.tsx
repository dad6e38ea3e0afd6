import { getAppDb } from "@/server/app-db";
import { getAppRegistry } from "@/server/app-registry";
import { describeForm } from "@/server/services/form-intake";
import { PublicForm } from "@/components/forms/public-form";

export const dynamic = "force-dynamic";

export default async function HostedFormPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db } = await getAppDb();
  const found = await describeForm(db, token, getAppRegistry(db));
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      {found.ok ? (
        <PublicForm token={token} form={found.form} />
      ) : (
        <div className="card p-8">
          <h1 className="text-xl font-semibold text-slate-900">{found.message}</h1>
          <p className="mt-2 text-sm text-slate-600">Please check the link you followed.</p>
        </div>
      )}
    </main>
  );
}
