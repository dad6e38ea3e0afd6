import { checkDatabaseHealth } from "@/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = await checkDatabaseHealth();
  return Response.json({ status: db.ok ? "ok" : "unavailable", database: db }, { status: db.ok ? 200 : 503 });
}
