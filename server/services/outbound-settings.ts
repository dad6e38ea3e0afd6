// The workspace's outbound allow-list: hosts, wildcard hosts, IPs or CIDRs that the SSRF guard
// lets through although they are private (a self-hosted ERP, a local SMTP relay). Stored in
// workspaces.settings.outbound; only admins change it, and every change is audited.
import ipaddr from "ipaddr.js";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { compileAllowList, type CompiledAllowList } from "@/server/integrations/ssrf-guard";
import { recordAudit, type Actor } from "./audit";
import { NotFoundError, ValidationError, type FieldIssue } from "./errors";

export interface OutboundSettings {
  allowList: string[];
}

const HOST_RE = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;
export const MAX_ALLOW_ENTRIES = 100;

/** Why an entry is not a host, wildcard host, IP or CIDR; null when it is fine. */
export function allowEntryProblem(entry: string): string | null {
  const e = entry.trim().replace(/^\[(.*)\]$/, "$1");
  if (!e) return "Empty entry.";
  if (e.includes("/")) {
    try {
      ipaddr.parseCIDR(e);
      return null;
    } catch {
      return `"${entry}" is not a valid CIDR range (e.g. 10.0.0.0/8).`;
    }
  }
  if (ipaddr.isValid(e)) return null;
  if (/^[\d.]+$/.test(e)) return `"${entry}" is not a valid IP address.`;
  if (/^[a-z]+:\/\//i.test(e)) return `"${entry}" is a URL: enter only the host name, e.g. ${e.replace(/^[a-z]+:\/\//i, "").split(/[/:]/)[0]}.`;
  return HOST_RE.test(e) && e.length <= 253 ? null : `"${entry}" is not a host name, IP address or CIDR range.`;
}

export function normalizeAllowList(entries: readonly string[]): string[] {
  const issues: FieldIssue[] = [];
  const out: string[] = [];
  entries.forEach((raw, i) => {
    const e = raw.trim().toLowerCase();
    if (!e) return;
    const problem = allowEntryProblem(e);
    if (problem) issues.push({ path: `allowList.${i}`, message: problem });
    else if (!out.includes(e)) out.push(e);
  });
  if (issues.length) throw new ValidationError(issues[0]!.message, issues);
  if (out.length > MAX_ALLOW_ENTRIES) throw new ValidationError(`At most ${MAX_ALLOW_ENTRIES} entries.`, [{ path: "allowList", message: `At most ${MAX_ALLOW_ENTRIES} entries.` }]);
  return out;
}

export async function getOutboundSettings(db: Db, workspaceId: string): Promise<OutboundSettings> {
  const [ws] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw new NotFoundError("The workspace");
  const outbound = (ws.settings.outbound ?? {}) as Partial<OutboundSettings>;
  return { allowList: Array.isArray(outbound.allowList) ? outbound.allowList.filter((x): x is string => typeof x === "string") : [] };
}

// Compiled lists per workspace, refreshed every few seconds: every outbound call reads it.
const cache = new Map<string, { at: number; list: CompiledAllowList }>();
const CACHE_MS = 5_000;

/** The compiled allow-list the SSRF guard takes. */
export async function getOutboundAllowList(db: Db, workspaceId: string): Promise<CompiledAllowList> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.list;
  const list = compileAllowList((await getOutboundSettings(db, workspaceId)).allowList);
  cache.set(workspaceId, { at: Date.now(), list });
  return list;
}

export async function setOutboundAllowList(db: Db, workspaceId: string, actor: Actor, entries: readonly string[]): Promise<OutboundSettings> {
  const allowList = normalizeAllowList(entries);
  const before = (await getOutboundSettings(db, workspaceId)).allowList;
  await db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({ settings: sql`jsonb_set(${workspaces.settings}, '{outbound}', ${JSON.stringify({ allowList })}::jsonb, true)` })
      .where(eq(workspaces.id, workspaceId));
    const added = allowList.filter((e) => !before.includes(e));
    const removed = before.filter((e) => !allowList.includes(e));
    await recordAudit(tx, workspaceId, actor, {
      action: "workspace.outbound_allow_list",
      targetType: "workspace",
      targetId: workspaceId,
      summary: `Outbound allow-list: ${[added.length && `allowed ${added.join(", ")}`, removed.length && `removed ${removed.join(", ")}`].filter(Boolean).join("; ") || "unchanged"}`,
      details: { added, removed },
    });
  });
  cache.delete(workspaceId);
  return { allowList };
}
