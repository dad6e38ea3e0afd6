import { getAppDb } from "@/server/app-db";
import { createMetrics, metricsTokenOk } from "@/server/monitoring/metrics";

export const dynamic = "force-dynamic";

// One metrics set per process (the histogram keeps its counts between scrapes).
const g = globalThis as unknown as { __switchyardMetrics?: ReturnType<typeof createMetrics> };

export async function GET(req: Request) {
  // Without a configured token the endpoint does not exist; with a wrong one it is unauthorized.
  if (!process.env.SWITCHYARD_METRICS_TOKEN) return new Response("Not found", { status: 404 });
  if (!metricsTokenOk(req.headers.get("authorization"))) return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": "Bearer" } });
  const metrics = (g.__switchyardMetrics ??= createMetrics());
  const { db } = await getAppDb();
  const body = await metrics.collect(db);
  return new Response(body, { headers: { "content-type": metrics.contentType, "cache-control": "no-store" } });
}
