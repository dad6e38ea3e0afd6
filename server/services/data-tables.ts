// Data tables service (issue 6): the entry point routers and nodes import. Split by
// responsibility under ./data-tables/; every function takes the workspace id and scopes by it.
export { type Writer, type LoadedTable, loadTable } from "./data-tables/common";
export { listTables, getTable, createTable, updateTableInfo, deleteTable, restoreTable, createStarterTables, type TableSummary } from "./data-tables/tables";
export { getRow, findRows, findRowsIn, exportRowsCsv, type DataRow, type RowPage } from "./data-tables/rows-read";
export type { FindRowsInput as FindRowsArgs } from "@/server/data/row-query";
export {
  insertRows,
  upsertRows,
  upsertRowsIn,
  updateRow,
  updateRowsWhere,
  deleteRows,
  deleteRowsWhere,
  type UpsertResult,
  type UpsertOptions,
} from "./data-tables/rows-write";
export { existingKeys, idsByKey, type UpsertMode, type UpsertOutcome } from "./data-tables/upsert-sql";
export { previewImport, commitImport, readCsvHeaders, type ImportPreview, type ImportResult } from "./data-tables/csv-import";
export { applySchemaChange, type TableSchemaChange } from "./data-tables/schema-changes";
