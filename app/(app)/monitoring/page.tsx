import { ComingSoon } from "@/components/layout/coming-soon";

export const metadata = { title: "Monitoring" };

export default function Page() {
  return <ComingSoon title="Monitoring" what="Here you will see failure rates, top errors and alerts for your workflows." />;
}
