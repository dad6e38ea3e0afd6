import { PageHeader } from "./page-header";

/** Placeholder for an area whose feature has not landed yet; says so plainly. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="p-8">
        <div className="card max-w-xl p-6">
          <p className="text-sm font-medium text-slate-900">Coming soon</p>
          <p className="mt-1 text-sm text-slate-600">{what}</p>
        </div>
      </div>
    </>
  );
}
