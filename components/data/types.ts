// What the data UI receives from the server, inferred from the router (types only).
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["data"];
export type TableInfo = Out["get"];
export type TableSummaryInfo = Out["list"][number];
export type GridRow = Out["rows"]["rows"][number];
export type ImportPreviewInfo = Out["previewImport"];
export type ImportResultInfo = Out["commitImport"];
