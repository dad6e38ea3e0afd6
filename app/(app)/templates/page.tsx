import { PageHeader } from "@/components/layout/page-header";
import { TemplateGallery } from "@/components/templates/template-gallery";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Templates" };

export default async function TemplatesPage() {
  const { api } = await requireSignedIn("/templates");
  const { current } = await api.workspace.mine();
  return (
    <>
      <PageHeader
        title="Start from a template"
        description="Ready-made workflows for common jobs. Using one creates the workflow with its steps, the data tables it needs and placeholder accounts; you then fill in a few details and publish."
      />
      <TemplateGallery canEdit={roleAtLeast(current.role, "editor")} isAdmin={roleAtLeast(current.role, "admin")} />
    </>
  );
}
