/**
 * Send e-mail over SMTP with nodemailer. The SMTP host goes through the SSRF guard like any
 * other outbound target (an SMTP credential pointing at 127.0.0.1:6379 is a classic pivot), and
 * nodemailer connects to the pinned address while TLS verifies the certificate against the name.
 */
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

async function guardedTransport(config: SmtpConfig) {
  const target = await guardHost(config.host, { allowList: config.allowList, resolve: config.resolve });
  const timeout = config.connectionTimeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
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
    // Never pool: each send is guarded and pinned again.
    pool: false,
  });
  return { target, transport };
}

/** "Test connection": connect, greet, STARTTLS when offered, log in; sends nothing. */
export async function verifySmtp(config: SmtpConfig): Promise<void> {
  const { target, transport } = await guardedTransport(config);
  try {
    await transport.verify();
  } catch (e) {
    throw toOutboundError(e, target.hostname);
  } finally {
    transport.close();
  }
}

export async function sendMail(config: SmtpConfig, message: MailMessage): Promise<SendResult> {
  const { target, transport } = await guardedTransport(config);
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
  } finally {
    transport.close();
  }
}
