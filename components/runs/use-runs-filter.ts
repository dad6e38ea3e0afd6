"use client";
// The runs filter lives in the URL, so a filtered view can be shared and alert links open it.
import { useCallback, useMemo } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { RunsFilter } from "@/server/services/executions-query";
import { useNow } from "./use-now";

export const RANGES = [
  { value: "", label: "Any time" },
  { value: "1h", label: "Last hour", ms: 3600_000 },
  { value: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
] as const;

export type FilterKey = "status" | "workflowId" | "mode" | "trigger" | "range" | "search";

export function useRunsFilter() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const get = (k: FilterKey) => params.get(k) ?? "";
  const raw = { status: get("status"), workflowId: get("workflowId"), mode: get("mode"), trigger: get("trigger"), range: get("range"), search: get("search") };
  const key = params.toString();
  // Rounded to the minute so the query key stays stable while the page is open.
  const minute = Math.floor(useNow(60_000) / 60_000) * 60_000;
  const filter = useMemo((): RunsFilter => {
    const range = RANGES.find((r) => r.value === raw.range);
    return {
      status: (raw.status || undefined) as RunsFilter["status"],
      workflowId: raw.workflowId || undefined,
      mode: (raw.mode || undefined) as RunsFilter["mode"],
      trigger: (raw.trigger || undefined) as RunsFilter["trigger"],
      from: range && "ms" in range ? new Date(minute - range.ms) : undefined,
      search: raw.search || undefined,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, minute]);
  const set = useCallback(
    (k: FilterKey, v: string) => {
      const next = new URLSearchParams(params.toString());
      if (v) next.set(k, v);
      else next.delete(k);
      router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
    },
    [params, pathname, router],
  );
  return { raw, filter, set };
}
