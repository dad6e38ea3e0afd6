/**
 * Send e-mail over SMTP with nodemailer. The SMTP host goes through the SSRF guard like any
 * other outbound target (an SMTP credential pointing at 127.0.0.1:6379 is a classic pivot), and
 * nodemailer connects to the pinned address while TLS verifies the certificate against the name.
 *
 * Flows send through a pooled transport per credential (`sendMail(…, { pool: credentialId })`):
 * opening a connection, EHLO, STARTTLS and AUTH cost more than the message itself. The guard still
 * runs on every send; the pool is keyed by the credential and a hash of everything the connection
 * depends on (settings, secret, the checked address), so a changed credential or a host that now
 * resolves elsewhere gets a new pool and the old one is closed once its sends are done.
 */
import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import { OutboundError, isOutboundError } from "./errors";
import { guardHost, type AllowListInput, type Resolver } from "./ssrf-guard";

export interface SmtpConfig {
  host: string;
  port: number;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** Name announced in EHLO. */
  clientName?: string;
  connectionTimeoutMs?: number;
  tls?: { rejectUnauthorized?: boolean; ca?: string | Buffer };
  allowList?: AllowListInput;
  resolve?: Resolver;
}

export interface MailAttachment {
  filename: string;
  /** Text, or base64 when `encoding` is "base64" (files from previous steps arrive as base64). */
  content: string;
  encoding?: "base64" | "utf8";
  contentType?: string;
}

export interface MailMessage {
  from: string;
  to: string | string[];
  cc?: string | string[];
  bcc?: string | string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

/** nodemailer error codes → our codes; 4xx SMTP replies are temporary, 5xx permanent. */
function toOutboundError(e: unknown, host: string): OutboundError {
  if (isOutboundError(e)) return e;
  const err = e as Error & { code?: string; responseCode?: number; command?: string };
  const code = err.code ?? "";
  if (code === "EAUTH") {
    return new OutboundError("CREDENTIAL_INVALID", `The SMTP server ${host} rejected the login: ${err.message}`, { retryable: false, requestSent: true, causeCode: code });
  }
  if (typeof err.responseCode === "number") {
    const temporary = err.responseCode >= 400 && err.responseCode < 500;
    return new OutboundError("SMTP_REJECTED", `The SMTP server ${host} refused the message (${err.responseCode}): ${err.message}`, {
      retryable: temporary,
      requestSent: true,
      causeCode: code,
      details: { responseCode: err.responseCode },
    });
  }
  if (code === "ETIMEDOUT") return new OutboundError("TIMEOUT", `The SMTP server ${host} timed out.`, { retryable: true, requestSent: true, causeCode: code });
  return new OutboundError("NETWORK", `Could not send through ${host}: ${err.message}`, { retryable: true, requestSent: code !== "ECONNECTION" && code !== "EDNS", cause: e, causeCode: code });
}

type Target = Awaited<ReturnType<typeof guardHost>>;

function transportOptions(config: SmtpConfig, target: Target) {
  const timeout = config.connectionTimeoutMs ?? 30_000;
  return {
    host: target.address, // the checked address; nodemailer does no DNS of its own for an IP
    port: config.port,
    secure: config.secure ?? config.port === 465,
    requireTLS: config.requireTLS ?? false,
    // Certificates are verified against the configured name, not the pinned IP.
    servername: target.hostname,
    tls: { servername: target.hostname, ...config.tls },
    auth: config.auth ? { user: config.auth.user, pass: config.auth.pass } : undefined,
    name: config.clientName,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

async function guardedTransport(config: SmtpConfig) {
  const target = await guardHost(config.host, { allowList: config.allowList, resolve: config.resolve });
  // Not pooled: "Test connection" and one-off sends (alerts) open and close their own connection.
  const transport = nodemailer.createTransport({ ...transportOptions(config, target), pool: false });
  return { target, transport };
}

/** Pools close when no message went through them for this long (and their connections with them). */
export const SMTP_POOL_IDLE_MS = 30_000;
/** Connections one pool opens at most; further sends queue for a free one. */
export const SMTP_POOL_MAX_CONNECTIONS = 5;

interface PoolEntry {
  fingerprint: string;
  idleMs: number;
  transport: ReturnType<typeof nodemailer.createTransport>;
  inFlight: number;
  retired: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
}

const pools = new Map<string, PoolEntry>();

function fingerprintOf(config: SmtpConfig, target: Target): string {
  const material = JSON.stringify([target.address, target.hostname, config.port, config.secure ?? null, config.requireTLS ?? null, config.auth?.user ?? null, config.auth?.pass ?? null, config.clientName ?? null, config.connectionTimeoutMs ?? null, config.tls?.rejectUnauthorized ?? null, config.tls?.ca?.toString() ?? null]);
  return createHash("sha256").update(material).digest("hex");
}

function closeEntry(entry: PoolEntry) {
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  entry.transport.close();
}

/** Takes the pool out of service; it closes now, or when the sends still using it are done. */
function retire(key: string, entry: PoolEntry) {
  if (pools.get(key) === entry) pools.delete(key);
  entry.retired = true;
  if (entry.inFlight === 0) closeEntry(entry);
}

function pooledTransport(key: string, config: SmtpConfig, target: Target, idleMs: number): PoolEntry {
  const fingerprint = fingerprintOf(config, target);
  const current = pools.get(key);
  if (current && current.fingerprint === fingerprint) return current;
  if (current) retire(key, current); // the credential (or where its host points) changed
  const entry: PoolEntry = {
    fingerprint,
    idleMs,
    transport: nodemailer.createTransport({
      ...transportOptions(config, target),
      pool: true,
      maxConnections: SMTP_POOL_MAX_CONNECTIONS,
      maxMessages: 100,
      idleTimeout: idleMs,
      // nodemailer puts a message back in the queue only when its connection closed before a
      // byte of it was sent (a reused connection the server had dropped); once is enough.
      maxRequeues: 1,
    }),
    inFlight: 0,
    retired: false,
  };
  pools.set(key, entry);
  return entry;
}

/** Closes every pooled SMTP connection (process shutdown, tests). */
export function closeSmtpPools(): void {
  for (const [key, entry] of [...pools]) retire(key, entry);
}

/** How many pools are open and whether one exists for this key (tests, metrics). */
export function smtpPoolInfo(key?: string): { pools: number; open: boolean } {
  return { pools: pools.size, open: key !== undefined && pools.has(key) };
}

/** "Test connection": connect, greet, STARTTLS when offered, log in; sends nothing. */
export async function verifySmtp(config: SmtpConfig): Promise<void> {
  const { target, transport } = await guardedTransport(config);
  try {
    await transport.verify();
  } catch (e) {
    throw toOutboundError(e, target.hostname);
  }
}

export interface SendOptions {
  /**
   * Send over a pooled connection kept for this key (a credential id). The SSRF guard runs on
   * every send all the same.
   */
  pool?: string;
  /** How long a pool may stay unused before it is closed (default SMTP_POOL_IDLE_MS). */
  poolIdleMs?: number;
}

export async function sendMail(config: SmtpConfig, message: MailMessage, options: SendOptions = {}): Promise<SendResult> {
  if (!options.pool) {
    const { target, transport } = await guardedTransport(config);
    try {
      return await deliver(transport, message, target);
    } finally {
      transport.close();
    }
  }
  const key = options.pool;
  const target = await guardHost(config.host, { allowList: config.allowList, resolve: config.resolve });
  const entry = pooledTransport(key, config, target, options.poolIdleMs ?? SMTP_POOL_IDLE_MS);
  entry.inFlight++;
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  try {
    return await deliver(entry.transport, message, target);
  } catch (e) {
    // A refusal of this message (an SMTP reply) leaves the pool usable; anything else (login,
    // network, TLS) gets a fresh pool next time.
    if (!(isOutboundError(e) && e.code === "SMTP_REJECTED")) retire(key, entry);
    throw e;
  } finally {
    entry.inFlight--;
    if (entry.retired) {
      if (entry.inFlight === 0) closeEntry(entry);
    } else if (entry.inFlight === 0) {
      entry.idleTimer = setTimeout(() => retire(key, entry), entry.idleMs);
      entry.idleTimer.unref?.();
    }
  }
}

async function deliver(transport: ReturnType<typeof nodemailer.createTransport>, message: MailMessage, target: Target): Promise<SendResult> {
  try {
    const info = await transport.sendMail({
      from: message.from,
      to: message.to,
      cc: message.cc,
      bcc: message.bcc,
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments?.map((a) => ({
        filename: a.filename,
        content: a.encoding === "base64" ? Buffer.from(a.content, "base64") : a.content,
        contentType: a.contentType,
      })),
    });
    const addr = (x: unknown) => (typeof x === "string" ? x : ((x as { address?: string })?.address ?? String(x)));
    return {
      messageId: info.messageId,
      accepted: (info.accepted ?? []).map(addr),
      rejected: (info.rejected ?? []).map(addr),
      response: info.response,
    };
  } catch (e) {
    throw toOutboundError(e, target.hostname);
  }
}
