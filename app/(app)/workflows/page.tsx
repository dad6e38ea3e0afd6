import { requireSignedIn } from "@/server/api/server-caller";
import { WorkflowList } from "@/components/workflows/workflow-list";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  const { api } = await requireSignedIn("/workflows");
  const { current } = await api.workspace.mine();
  return <WorkflowList canEdit={roleAtLeast(current.role, "editor")} />;
}
