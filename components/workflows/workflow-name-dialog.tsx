"use client";
import { useState, type FormEvent } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";

const MAX = 120;

/** Asks for a workflow name; used for "New workflow" and "Rename". Shows server errors at the field. */
export function WorkflowNameDialog(props: {
  open: boolean;
  title: string;
  submitLabel: string;
  initialName?: string;
  serverError?: string;
  busy?: boolean;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  const [error, setError] = useState<string>();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("workflow-name") ?? "").trim();
    if (!name) return setError("Give the workflow a name.");
    if (name.length > MAX) return setError(`Keep the name under ${MAX} characters (it has ${name.length}).`);
    setError(undefined);
    props.onSubmit(name);
  }
  return (
    <Dialog open={props.open} onClose={props.onClose} title={props.title}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field
          id="workflow-name"
          label="Name"
          defaultValue={props.initialName}
          autoFocus
          error={error ?? props.serverError}
          help="For example: “New website leads to CRM”."
        />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={props.busy}>
            {props.busy ? "Saving…" : props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
