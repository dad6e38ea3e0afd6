import { PageHeader } from "@/components/layout/page-header";
import { MembersPanel } from "@/components/settings/members-panel";
import { OutboundAccess } from "@/components/settings/outbound-access";
import { roleAtLeast } from "@/server/services/roles";
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
        {roleAtLeast(current.role, "admin") && (
          <div className="mt-8">
            <OutboundAccess />
          </div>
        )}
      </div>
    </>
  );
}
