import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundBlockedError } from "./errors";
import { sendMail } from "./smtp";
import { leaves, parseMime } from "./testing/mime";

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

let server: SMTPServer;
let port: number;
const inbox: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    // Pooled senders keep connections open; do not wait 30 s for them on close.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS"], // plain local peer; TLS is nodemailer's own, well-tested business
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "mailer" && auth.password === "correct horse") return cb(null, { user: auth.username });
      return cb(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.endsWith("@bounce.test")) return cb(Object.assign(new Error("No such user"), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const allowList = ["127.0.0.1/32"];

describe("sendMail against a real SMTP server on 127.0.0.1", () => {
  it("delivers subject, text, HTML, cc and an attachment from base64", async () => {
    const pdfish = Buffer.from("%PDF-1.4 fake invoice bytes \u0000\u0001\u0002");
    const result = await sendMail(
      { host: "127.0.0.1", port, allowList, auth: { user: "mailer", pass: "correct horse" } },
      {
        from: "Switchyard <robot@switchyard.test>",
        to: ["anna@example.test"],
        cc: "boss@example.test",
        subject: "Rechnung Nr. 42 – Müller GmbH",
        text: "Hallo Anna,\nanbei die Rechnung.",
        html: "<p>Hallo <b>Anna</b>, anbei die Rechnung.</p>",
        attachments: [
          { filename: "rechnung-42.pdf", content: pdfish.toString("base64"), encoding: "base64", contentType: "application/pdf" },
          { filename: "notes.txt", content: "plain text note" },
        ],
      },
    );
    expect(result.accepted).toEqual(["anna@example.test", "boss@example.test"]);
    expect(result.rejected).toEqual([]);
    expect(result.messageId).toMatch(/^<.+@.+>$/);

    const got = inbox.at(-1)!;
    expect(got.user).toBe("mailer");
    expect(got.from).toBe("robot@switchyard.test");
    expect(got.to).toEqual(["anna@example.test", "boss@example.test"]);
    const mail = parseMime(got.raw);
    expect(mail.headers.subject).toBe("Rechnung Nr. 42 – Müller GmbH");
    expect(mail.headers.cc).toBe("boss@example.test");
    expect(mail.headers["message-id"]).toBe(result.messageId);
    const parts = leaves(mail);
    expect(parts.find((p) => p.contentType === "text/plain" && !p.params.name)?.body.toString().replace(/\r\n/g, "\n")).toBe("Hallo Anna,\nanbei die Rechnung."); // SMTP is CRLF
    expect(parts.find((p) => p.contentType === "text/html")?.body.toString()).toBe("<p>Hallo <b>Anna</b>, anbei die Rechnung.</p>");
    const pdf = parts.find((p) => p.contentType === "application/pdf");
    expect(pdf?.headers["content-disposition"]).toMatch(/attachment; filename=rechnung-42\.pdf/);
    expect(pdf?.body.equals(pdfish)).toBe(true);
    expect(parts.find((p) => p.params.name === "notes.txt")?.body.toString()).toBe("plain text note");
  });

  it("reports rejected recipients", async () => {
    const r = await sendMail(
      { host: "127.0.0.1", port, allowList },
      { from: "robot@switchyard.test", to: ["ok@example.test", "gone@bounce.test"], subject: "s", text: "t" },
    );
    expect(r.accepted).toEqual(["ok@example.test"]);
    expect(r.rejected).toEqual(["gone@bounce.test"]);
  });

  it("a wrong password is CREDENTIAL_INVALID and not retryable", async () => {
    await expect(
      sendMail({ host: "127.0.0.1", port, allowList, auth: { user: "mailer", pass: "wrong" } }, { from: "a@b.test", to: "c@d.test", subject: "s", text: "t" }),
    ).rejects.toMatchObject({ code: "CREDENTIAL_INVALID", retryable: false });
  });

  it("connects to the pinned address of a name, keeping the name for TLS", async () => {
    const r = await sendMail(
      { host: "smtp.internal.test", port, allowList: ["smtp.internal.test"], resolve: async () => [{ address: "127.0.0.1", family: 4 }] },
      { from: "a@b.test", to: "c@d.test", subject: "pinned", text: "t" },
    );
    expect(r.accepted).toEqual(["c@d.test"]);
  });

  it("refuses a loopback or private SMTP host unless allow-listed", async () => {
    const before = inbox.length;
    for (const host of ["127.0.0.1", "127.1", "10.0.0.1", "::1"]) {
      await expect(sendMail({ host, port }, { from: "a@b.test", to: "c@d.test", subject: "s", text: "t" })).rejects.toBeInstanceOf(OutboundBlockedError);
    }
    expect(inbox.length).toBe(before);
  });
});
