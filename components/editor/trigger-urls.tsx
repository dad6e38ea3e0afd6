"use client";
// Where a webhook or form trigger can be reached: its addresses with copy buttons, an example
// request, and what it last received. The addresses exist once the draft has been saved.
// "Listen for a test event" polls until a request arrives on the test address, then pins it as
// the trigger's sample data (config.testData), so mapping and test runs use real data.
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { editor, useEditorStore } from "./editor-store";
import { pinnedSampleOf } from "./sample-data";

const LISTEN_POLL_MS = 1000;
const LISTEN_FOR_MS = 5 * 60_000;
/** The trigger's testData field holds at most this many characters. */
const MAX_SAMPLE_CHARS = 100_000;

function receivedAtOf(event: unknown): string | null {
  const at = event && typeof event === "object" ? (event as { receivedAt?: unknown }).receivedAt : undefined;
  return typeof at === "string" ? at : null;
}

/** Pins a captured request as the trigger's sample data; false (and a message) when it is too big. */
function pinEvent(nodeId: string, event: unknown): boolean {
  let text = JSON.stringify(event, null, 2);
  if (text.length > MAX_SAMPLE_CHARS) text = JSON.stringify(event);
  if (text.length > MAX_SAMPLE_CHARS) {
    editor.notify("This request is too big to keep as sample data (over 100 KB). Send a smaller example.");
    return false;
  }
  const node = useEditorStore.getState().nodes.find((n) => n.id === nodeId);
  if (!node) return false;
  editor.updateNode(nodeId, { config: { ...node.data.config, testData: text } });
  return true;
}

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

export function TriggerUrls({ nodeId, type, config }: { nodeId: string; type: string; config: Record<string, unknown> }) {
  const { id: workflowId } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const readOnly = useEditorStore((s) => s.readOnly);
  const endpoints = useQuery({ ...trpc.trigger.endpoints.queryOptions({ workflowId }), refetchInterval: 5000 });
  const ep = endpoints.data?.find((e) => e.nodeId === nodeId);
  // Listening: the last event's receivedAt when it started; any other event is the new one.
  const [listening, setListening] = useState<{ since: string | null; startedAt: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    if (!listening) return;
    let stopped = false;
    const tick = async () => {
      const rows = await queryClient.fetchQuery({ ...trpc.trigger.endpoints.queryOptions({ workflowId }), staleTime: 0 }).catch(() => null);
      if (stopped || !rows) return;
      const event = rows.find((e) => e.nodeId === nodeId)?.lastTestEvent;
      if (event != null && receivedAtOf(event) !== listening.since) {
        setListening(null);
        if (pinEvent(nodeId, event)) {
          setStatus("Test event received. It is now this trigger's sample data: select a later step to use its fields.");
          editor.notify("Test event received: its fields are ready for mapping.");
        }
      } else if (Date.now() - listening.startedAt > LISTEN_FOR_MS) {
        setListening(null);
        setStatus("Stopped listening after 5 minutes: no request arrived at the test address.");
      }
    };
    const timer = setInterval(() => void tick(), LISTEN_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [listening, nodeId, queryClient, trpc, workflowId]);

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
  const verb = typeof config.method === "string" ? config.method : "POST";
  const pinned = pinnedSampleOf(config);
  const lastIsSample = ep.lastTestEvent != null && pinned !== undefined && JSON.stringify(pinned) === JSON.stringify(ep.lastTestEvent);
  return (
    <section aria-label="Webhook addresses" className="space-y-3 rounded-md border border-slate-200 p-3">
      <CopyField id={`${nodeId}-prod-url`} label="Production address" value={prod} help="Give this to the sending service. It runs the published version." />
      <CopyField id={`${nodeId}-test-url`} label="Test address" value={test} help="Runs your draft as a test. Use it with “Listen for a test event” to capture real sample data." />
      {!readOnly &&
        (listening ? (
          <div role="status" className="space-y-2 rounded-md border border-brand-100 bg-brand-50 p-2 text-sm text-slate-800">
            <p className="font-medium">
              <span aria-hidden className="mr-1 inline-block h-2 w-2 animate-pulse rounded-full bg-brand-600" />
              Listening for a test event…
            </p>
            <p className="text-xs text-slate-600">
              Send a request to the test address (for example with the sending service&apos;s “send test” button, or the terminal command below). The first one that arrives becomes this trigger&apos;s sample
              data, even while the draft still has problems (a test run then starts only once they are fixed).
            </p>
            <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => (setListening(null), setStatus(null))}>
              Stop listening
            </button>
          </div>
        ) : (
          <div className="space-y-1">
            <button type="button" className="btn-primary w-full" onClick={() => (setStatus(null), setListening({ since: receivedAtOf(ep.lastTestEvent), startedAt: Date.now() }))}>
              Listen for a test event
            </button>
            {status && (
              <p role="status" className="text-xs text-slate-700">
                {status}
              </p>
            )}
          </div>
        ))}
      <CopyField id={`${nodeId}-curl`} label="Try it from a terminal" value={`curl -X ${verb} '${test}' -H 'content-type: application/json' -d '{"name":"Ada","email":"ada@example.com"}'`} />
      <p className="text-xs text-slate-600">
        {ep.lastEventAt ? `Last request received ${new Date(ep.lastEventAt).toLocaleString()}.` : "No request received yet."}
        {ep.signatureFailures > 0 && ` ${ep.signatureFailures} request(s) were refused for a bad signature.`}
      </p>
      {ep.lastTestEvent != null && (
        <details>
          <summary className="cursor-pointer text-xs font-medium text-slate-700">Last test request</summary>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{JSON.stringify(ep.lastTestEvent, null, 2)}</pre>
          {!readOnly &&
            (lastIsSample ? (
              <p className="mt-1 text-xs text-slate-600">This request is the trigger&apos;s sample data.</p>
            ) : (
              <button type="button" className="btn-secondary mt-1 px-2 py-1 text-xs" onClick={() => pinEvent(nodeId, ep.lastTestEvent) && setStatus("This request is now the trigger's sample data.")}>
                Use this event as sample
              </button>
            ))}
        </details>
      )}
    </section>
  );
}
