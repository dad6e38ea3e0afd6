import { ComingSoon } from "@/components/layout/coming-soon";

export const metadata = { title: "Runs" };

export default function Page() {
  return <ComingSoon title="Runs" what="Here you will see every run of your workflows, why one failed, and retry it." />;
}
