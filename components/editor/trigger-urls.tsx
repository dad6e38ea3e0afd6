"use client";
// Where a webhook or form trigger can be reached: its addresses with copy buttons, an example
// request, and what it last received. The addresses exist once the draft has been saved.
import { useParams } from "next/navigation";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

function CopyField({ id, label, value, help }: { id: string; label: string; value: string; help?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="flex gap-2">
        <input id={id} readOnly className="input font-mono text-xs" value={value} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="btn-secondary px-2 py-1 text-xs"
          aria-label={`Copy ${label}`}
          onClick={() => navigator.clipboard?.writeText(value).then(() => (setCopied(true), setTimeout(() => setCopied(false), 1500)))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {help && <p className="mt-1 text-xs text-slate-500">{help}</p>}
    </div>
  );
}

export function TriggerUrls({ nodeId, type, method }: { nodeId: string; type: string; method?: string }) {
  const { id: workflowId } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const endpoints = useQuery({ ...trpc.trigger.endpoints.queryOptions({ workflowId }), refetchInterval: 5000 });
  const ep = endpoints.data?.find((e) => e.nodeId === nodeId);
  if (!ep) {
    return <p className="rounded-md bg-slate-50 p-2 text-xs text-slate-600">{endpoints.isLoading ? "Loading the addresses…" : "The addresses of this trigger appear as soon as the draft is saved."}</p>;
  }
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  if (type === "trigger.form") {
    const formUrl = `${origin}/f/${ep.productionPath.split("/").pop()}`;
    return (
      <section aria-label="Form address" className="space-y-3 rounded-md border border-slate-200 p-3">
        <CopyField id={`${nodeId}-form-url`} label="Public form address" value={formUrl} help="Share this link, or embed the form on your website. It opens once the workflow is published." />
        <CopyField id={`${nodeId}-form-embed`} label="Embed code" value={`<iframe src="${formUrl}" style="width:100%;min-height:640px;border:0" title="Form"></iframe>`} />
      </section>
    );
  }
  const prod = `${origin}${ep.productionPath}`;
  const test = `${origin}${ep.testPath}`;
  const verb = method ?? "POST";
  return (
    <section aria-label="Webhook addresses" className="space-y-3 rounded-md border border-slate-200 p-3">
      <CopyField id={`${nodeId}-prod-url`} label="Production address" value={prod} help="Give this to the sending service. It runs the published version." />
      <CopyField
        id={`${nodeId}-test-url`}
        label="Test address"
        value={test}
        help="Runs your draft as a test. The last request it received becomes this trigger's sample data for mapping fields."
      />
      <CopyField id={`${nodeId}-curl`} label="Try it from a terminal" value={`curl -X ${verb} '${test}' -H 'content-type: application/json' -d '{"name":"Ada","email":"ada@example.com"}'`} />
      <p className="text-xs text-slate-600">
        {ep.lastEventAt ? `Last request received ${new Date(ep.lastEventAt).toLocaleString()}.` : "No request received yet."}
        {ep.signatureFailures > 0 && ` ${ep.signatureFailures} request(s) were refused for a bad signature.`}
      </p>
      {ep.lastTestEvent != null && (
        <details>
          <summary className="cursor-pointer text-xs font-medium text-slate-700">Last test request</summary>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{JSON.stringify(ep.lastTestEvent, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}
