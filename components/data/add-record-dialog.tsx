"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import type { TableInfo } from "./types";

/** A form with one input per field; the server's messages appear next to the fields they are about. */
export function AddRecordDialog({ table, open, onClose, onAdded }: { table: TableInfo; open: boolean; onClose: () => void; onAdded: () => void }) {
  const trpc = useTRPC();
  const [values, setValues] = useState<Record<string, string>>({});
  const insert = useMutation(
    trpc.data.insertRows.mutationOptions({
      onSuccess: () => {
        setValues({});
        onAdded();
      },
    }),
  );
  const err = insert.error ? errorDetails(insert.error) : null;
  const fieldOnly = err && Object.keys(err.fields).length > 0;

  return (
    <Dialog open={open} onClose={onClose} title={`Add a record to ${table.name}`}>
      <form
        noValidate
        className="max-h-[70vh] space-y-3 overflow-auto"
        onSubmit={(e) => {
          e.preventDefault();
          const rec: Record<string, unknown> = {};
          for (const f of table.def.fields) {
            const v = values[f.key]?.trim();
            if (v) rec[f.key] = f.type === "multi_select" ? v.split(",").map((s) => s.trim()) : v;
          }
          insert.mutate({ table: table.id, records: [rec] });
        }}
      >
        {table.def.fields.map((f) => (
          <Field
            key={f.key}
            id={`add-${f.key}`}
            label={f.label + (f.required || table.def.uniqueKey?.includes(f.key) ? " (required)" : "")}
            value={values[f.key] ?? ""}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
            error={err?.fields[f.key]}
            help={f.type === "single_select" || f.type === "multi_select" ? `One of: ${f.options.join(", ")}` : f.helpText}
          />
        ))}
        {err && !fieldOnly && (
          <p role="alert" className="field-error">
            {err.message}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" className="btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={insert.isPending}>
            Add record
          </button>
        </div>
      </form>
    </Dialog>
  );
}
