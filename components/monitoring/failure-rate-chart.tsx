"use client";
// Failure rate per workflow over time, drawn as plain SVG (no chart dependency): one line per
// workflow (the five with most failures), with the same figures as a table for screen readers.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Series = inferRouterOutputs<AppRouter>["monitoring"]["dashboard"]["series"];
const COLORS = ["#dc2626", "#2563eb", "#d97706", "#7c3aed", "#059669"];
const W = 720;
const H = 200;
const PAD = { l: 40, r: 10, t: 10, b: 24 };

export function FailureRateChart({ series, names }: { series: Series; names: Map<string, string> }) {
  const step = series.unit === "hour" ? 3600_000 : 86_400_000;
  const from = Math.floor(new Date(series.from).getTime() / step) * step;
  const to = new Date(series.to).getTime();
  const buckets: number[] = [];
  for (let t = from; t <= to; t += step) buckets.push(t);
  const failuresBy = new Map<string, number>();
  for (const p of series.points) failuresBy.set(p.workflowId, (failuresBy.get(p.workflowId) ?? 0) + p.failed);
  const top = [...failuresBy.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([id]) => id);
  if (top.length === 0) return <p className="text-sm text-slate-600">No failed runs in this period. 🎉</p>;
  const rate = new Map<string, number>();
  for (const p of series.points) rate.set(`${p.workflowId}|${new Date(p.bucket).getTime()}`, p.total ? p.failed / p.total : 0);
  const x = (t: number) => PAD.l + ((t - from) / Math.max(1, to - from)) * (W - PAD.l - PAD.r);
  const y = (r: number) => PAD.t + (1 - r) * (H - PAD.t - PAD.b);
  const fmt = (t: number) => new Date(t).toLocaleString(undefined, series.unit === "hour" ? { hour: "2-digit", minute: "2-digit" } : { month: "short", day: "numeric" });
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label={`Failure rate per ${series.unit} for the ${top.length} workflows with most failures`}>
        {[0, 0.25, 0.5, 0.75, 1].map((r) => (
          <g key={r}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(r)} y2={y(r)} stroke="#e2e8f0" />
            <text x={PAD.l - 6} y={y(r) + 4} textAnchor="end" fontSize="10" fill="#64748b">{`${r * 100}%`}</text>
          </g>
        ))}
        {[buckets[0]!, buckets[Math.floor(buckets.length / 2)]!, buckets[buckets.length - 1]!].map((t, i) => (
          <text key={i} x={x(t)} y={H - 6} textAnchor={i === 0 ? "start" : i === 2 ? "end" : "middle"} fontSize="10" fill="#64748b">
            {fmt(t)}
          </text>
        ))}
        {top.map((id, i) => {
          const pts = buckets.filter((t) => rate.has(`${id}|${t}`)).map((t) => `${x(t).toFixed(1)},${y(rate.get(`${id}|${t}`)!).toFixed(1)}`);
          return (
            <g key={id}>
              <polyline points={pts.join(" ")} fill="none" stroke={COLORS[i]} strokeWidth="2" />
              {pts.map((p) => {
                const [cx, cy] = p.split(",");
                return <circle key={p} cx={cx} cy={cy} r="2.5" fill={COLORS[i]} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-700">
        {top.map((id, i) => (
          <span key={id} className="flex items-center gap-1.5">
            <span className="inline-block h-2 w-4 rounded" style={{ background: COLORS[i] }} aria-hidden="true" />
            {names.get(id) ?? "Deleted workflow"}
          </span>
        ))}
      </figcaption>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-slate-600">Show as a table</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Period</th>
              <th scope="col">Runs</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {series.points.filter((p) => top.includes(p.workflowId)).map((p) => (
              <tr key={`${p.workflowId}${new Date(p.bucket).getTime()}`}>
                <td>{names.get(p.workflowId)}</td>
                <td>{fmt(new Date(p.bucket).getTime())}</td>
                <td>{p.total}</td>
                <td>{p.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
