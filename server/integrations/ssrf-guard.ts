/**
 * SSRF guard: decides whether an outbound target may be contacted, and returns the one address
 * the caller must connect to. The name is resolved once, every address is checked, and the
 * first checked address is "pinned": the HTTP client hands only that address to the socket, so
 * a DNS answer that changes between check and connect (rebinding) cannot redirect the request.
 *
 * Address literals in odd notations (127.1, 2852039166, 0251.0376.0251.0376, 0x7f.1) are
 * normalised by the WHATWG URL parser before we see them; bare hosts go through the same parser.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { OutboundBlockedError, OutboundError, type BlockCategory } from "./errors";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardOptions {
  /** Admin allow-list: host names ("api.corp.example", "*.corp.example"), IPs or CIDRs. */
  allowList?: AllowListInput;
  /** Injected for tests; defaults to the system resolver (getaddrinfo, all addresses). */
  resolve?: Resolver;
}

export interface GuardedTarget {
  url: URL;
  /** Host name without IPv6 brackets or trailing dot — used for Host and TLS SNI. */
  hostname: string;
  /** The address the socket must connect to. */
  address: string;
  family: 4 | 6;
  /** Every address the name resolved to (all were checked). */
  addresses: ResolvedAddress[];
  /** True when the admin allow-list let a non-public address through. */
  allowListed: boolean;
}

export const ALLOW_HINT = "An admin can allow it in Settings → Outbound access.";

export const systemResolver: Resolver = async (hostname) => {
  const rows = await dnsLookup(hostname, { all: true });
  return rows.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

// ---------------------------------------------------------------------------------------------
// Allow-list

type Addr = ipaddr.IPv4 | ipaddr.IPv6;
export interface CompiledAllowList {
  readonly compiled: true;
  hosts: Set<string>;
  suffixes: string[];
  cidrs: [Addr, number][];
}
export type AllowListInput = readonly string[] | CompiledAllowList;

export function compileAllowList(entries: readonly string[]): CompiledAllowList {
  const out: CompiledAllowList = { compiled: true, hosts: new Set(), suffixes: [], cidrs: [] };
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
    if (!entry) continue;
    if (entry.includes("/")) {
      out.cidrs.push(ipaddr.parseCIDR(entry)); // throws on a malformed CIDR: settings validate first
    } else if (ipaddr.isValid(entry)) {
      const a = ipaddr.parse(entry);
      out.cidrs.push([a, a.kind() === "ipv4" ? 32 : 128]);
    } else if (entry.startsWith("*.")) {
      out.suffixes.push(entry.slice(1).replace(/\.$/, "")); // ".corp.example"
    } else {
      out.hosts.add(entry.replace(/\.$/, ""));
    }
  }
  return out;
}

function asCompiled(input: AllowListInput | undefined): CompiledAllowList | undefined {
  if (!input) return undefined;
  return "compiled" in input ? input : compileAllowList(input);
}

function hostAllowed(list: CompiledAllowList | undefined, hostname: string): boolean {
  if (!list) return false;
  const h = hostname.toLowerCase();
  return list.hosts.has(h) || list.suffixes.some((s) => h.endsWith(s));
}

function addressAllowed(list: CompiledAllowList | undefined, candidates: Addr[]): boolean {
  if (!list) return false;
  return candidates.some((a) => list.cidrs.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits)));
}

// ---------------------------------------------------------------------------------------------
// Address classification

const DESCRIPTIONS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local (private IPv6) address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  unspecified: "an unspecified address",
  reserved: "a reserved or special-purpose address",
};

const CATEGORY_OF: Record<string, BlockCategory> = {
  loopback: "loopback",
  private: "private",
  carrierGradeNat: "carrierGradeNat",
  linkLocal: "linkLocal",
  uniqueLocal: "uniqueLocal",
  multicast: "multicast",
  broadcast: "broadcast",
  unspecified: "unspecified",
  reserved: "reserved",
  "6to4": "tunnel",
  teredo: "tunnel",
  rfc6052: "nat64",
};

/** `address`/`family`: what a socket should connect to (IPv4-mapped forms are unmapped). */
export type AddressVerdict =
  | { blocked: false; address: string; family: 4 | 6; candidates: Addr[] }
  | {
      blocked: true;
      address: string;
      family: 4 | 6;
      category: BlockCategory;
      description: string;
      embedded?: string;
      candidates: Addr[];
    };

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const NAT64_WKP = ipaddr.parseCIDR("64:ff9b::/96");

/**
 * Classify one IP address (no DNS). IPv4-mapped addresses are unmapped and NAT64 (64:ff9b::/96)
 * addresses have their embedded IPv4 extracted; the verdict is the IPv4's. `candidates` lists
 * every form an allow-list CIDR may match (the literal and the embedded IPv4).
 */
export function classifyAddress(ip: string): AddressVerdict {
  if (!ipaddr.isValid(ip)) {
    const description = "not a valid IP address";
    return { blocked: true, address: ip, family: 4, category: "invalidAddress", description, candidates: [] };
  }
  let addr: Addr = ipaddr.parse(ip);
  let connect: Addr = addr;
  const candidates: Addr[] = [addr];
  let embedded: string | undefined;
  if (addr.kind() === "ipv6") {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      addr = connect = v6.toIPv4Address();
      embedded = addr.toString();
      candidates.push(addr);
    } else if (v6.match(NAT64_WKP)) {
      // Public IPv4 behind DNS64/NAT64 is legitimate on IPv6-only hosts; an embedded private or
      // metadata address is not. Check what the translator would actually connect to.
      const p = v6.parts;
      addr = new ipaddr.IPv4([(p[6]! >> 8) & 255, p[6]! & 255, (p[7]! >> 8) & 255, p[7]! & 255]);
      embedded = addr.toString();
      candidates.push(addr);
    }
  }
  const range = addr.range();
  const target = { address: connect.toString(), family: connect.kind() === "ipv6" ? 6 : 4 } as const;
  if (addr.kind() === "ipv4") {
    if (range === "unicast") return { blocked: false, ...target, candidates };
    return { ...target, ...verdictFor(range, embedded, candidates, addr) };
  }
  if (range === "unicast" && addr.match(GLOBAL_UNICAST_V6)) return { blocked: false, ...target, candidates };
  if (range === "unicast") {
    // Outside 2000::/3 nothing is globally routed (this also covers IPv4-compatible ::a.b.c.d).
    const description = "outside the public IPv6 range";
    return { blocked: true, ...target, category: "nonGlobal", description, candidates };
  }
  return { ...target, ...verdictFor(range, embedded, candidates, addr) };
}

type BlockedCore = { blocked: true; category: BlockCategory; description: string; embedded?: string; candidates: Addr[] };

function verdictFor(range: string, embedded: string | undefined, candidates: Addr[], addr: Addr): BlockedCore {
  const category = CATEGORY_OF[range] ?? "reserved";
  let description = DESCRIPTIONS[range];
  if (!description) {
    if (range === "6to4" || range === "teredo") description = `a tunnelling address (${range}) that can reach any IPv4 host`;
    else if (range === "rfc6052") description = "a local-use NAT64 address";
    else description = `a special-purpose address (${range})`;
  }
  if (addr.kind() === "ipv4" && addr.toString() === "169.254.169.254") description += " (the cloud metadata service)";
  return { blocked: true, category, description, embedded, candidates };
}

// ---------------------------------------------------------------------------------------------
// Guard

function blockedMessage(hostname: string, address: string, v: Extract<AddressVerdict, { blocked: true }>): string {
  const literal = stripBrackets(hostname) === address;
  const via = v.embedded ? ` (it embeds ${v.embedded})` : "";
  const subject = literal ? `${address}${via} is` : `${hostname} resolves to ${address}${via},`;
  return `Blocked: ${subject} ${v.description}. ${ALLOW_HINT}`;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** Parse and check the scheme; the URL parser normalises numeric IPv4 forms. */
export function parseOutboundUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = input instanceof URL ? new URL(input.href) : new URL(input);
  } catch {
    throw new OutboundError("INVALID_URL", `Invalid URL: ${String(input).slice(0, 200)}`, { retryable: false });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundBlockedError(
      "scheme",
      url.protocol,
      `Blocked: only http and https URLs can be called (got ${url.protocol}//).`,
    );
  }
  if (!url.hostname) throw new OutboundError("INVALID_URL", "Invalid URL: no host name", { retryable: false });
  return url;
}

/** Check a URL and return the pinned address to connect to. */
export async function guardUrl(input: string | URL, options: GuardOptions = {}): Promise<GuardedTarget> {
  const url = parseOutboundUrl(input);
  const host = await guardHostname(url.hostname, options);
  return { url, ...host };
}

/**
 * Check a bare host (SMTP server, OAuth issuer…). It goes through the URL parser so that
 * "127.1" or "2852039166" mean what getaddrinfo would make of them.
 */
export async function guardHost(host: string, options: GuardOptions = {}): Promise<Omit<GuardedTarget, "url">> {
  const literal = ipaddr.IPv6.isValid(stripBrackets(host)) ? `[${stripBrackets(host)}]` : host;
  const url = parseOutboundUrl(`http://${literal}/`);
  return guardHostname(url.hostname, options);
}

async function guardHostname(rawHost: string, options: GuardOptions): Promise<Omit<GuardedTarget, "url">> {
  const list = asCompiled(options.allowList);
  const hostname = stripBrackets(rawHost).replace(/\.$/, "").toLowerCase();
  const isLiteral = ipaddr.isValid(hostname);
  let addresses: ResolvedAddress[];
  if (isLiteral) {
    addresses = [{ address: hostname, family: ipaddr.parse(hostname).kind() === "ipv6" ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(hostname);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new OutboundError("DNS_FAILED", `Could not resolve ${hostname}${code ? ` (${code})` : ""}.`, {
        // A missing name stays missing; a resolver hiccup (EAI_AGAIN) is worth another try.
        retryable: code !== "ENOTFOUND",
        cause: e,
        causeCode: code,
      });
    }
    if (addresses.length === 0) {
      throw new OutboundError("DNS_FAILED", `Could not resolve ${hostname} (no addresses).`, { retryable: false });
    }
  }
  const byName = !isLiteral && hostAllowed(list, hostname);
  let pinned: { address: string; family: 4 | 6 } | undefined;
  let allowListed = false;
  for (const r of addresses) {
    const v = classifyAddress(r.address);
    if (v.blocked) {
      if (v.category === "invalidAddress") {
        throw new OutboundBlockedError("invalidAddress", r.address, `Blocked: ${hostname} resolved to an invalid address.`);
      }
      // Every address must pass: connecting libraries may fall back to any of them.
      if (!byName && !addressAllowed(list, v.candidates)) {
        throw new OutboundBlockedError(v.category, r.address, blockedMessage(rawHost, stripBrackets(r.address), v));
      }
      allowListed = true;
    }
    pinned ??= { address: v.address, family: v.family };
  }
  return { hostname, address: pinned!.address, family: pinned!.family, addresses, allowListed };
}
