import { PageHeader } from "@/components/layout/page-header";
import { MembersPanel } from "@/components/settings/members-panel";
import { requireSignedIn } from "@/server/api/server-caller";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { api, ctx } = await requireSignedIn("/settings");
  const { current } = await api.workspace.mine();
  return (
    <>
      <PageHeader title="Settings" description="Who can use this workspace, and what each person may do." />
      <div className="max-w-3xl p-8">
        <MembersPanel myRole={current.role} myUserId={ctx.user.id} />
      </div>
    </>
  );
}
