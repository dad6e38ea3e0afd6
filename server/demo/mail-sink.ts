// A local SMTP server that accepts every message and hands it to a callback: the demo's
// "mailbox", the lead-flow tests' peer, and the load test's counter (so "no e-mail sent twice"
// is counted where the mail arrives). Loopback only; no TLS, no login (any login is accepted).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface SunkMail {
  from: string;
  to: string[];
  subject: string;
  /** The text body when the message is simple (nodemailer's text/plain); else the raw source. */
  text: string;
  raw: string;
  receivedAt: Date;
}

export interface MailSink {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Unfolds headers and decodes RFC 2047 words well enough for subjects we send ourselves. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const m = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, "im").exec(head);
  const value = (m?.[1] ?? "").replace(/\r?\n[ \t]/g, " ").trim();
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_x, enc: string, t: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(t, "base64").toString("utf8") : Buffer.from(t.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_y, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

function textBody(raw: string): string {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    return Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  }
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

export async function startMailSink(onMail: (mail: SunkMail) => void | Promise<void>, opts: { port?: number } = {}): Promise<MailSink> {
  const server = new SMTPServer({
    // Pooled senders keep connections open; do not wait 30 s for them on close.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth: (_auth, _session, cb) => cb(null, { user: "demo" }),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail: SunkMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, "subject"),
          text: textBody(raw),
          raw,
          receivedAt: new Date(),
        };
        // Accept first: a slow or failing store must not make the sender retry (a second copy).
        cb();
        Promise.resolve(onMail(mail)).catch((e: unknown) => console.error("Mail sink:", e));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { host: "127.0.0.1", port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
