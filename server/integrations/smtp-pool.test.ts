import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OutboundBlockedError } from "./errors";
import { closeSmtpPools, sendMail, smtpPoolInfo, type SmtpConfig } from "./smtp";

/** A real SMTP peer that counts connections, open connections and messages per login. */
function peer() {
  const state = { connections: 0, open: 0, messages: [] as { to: string[]; user?: string; connection: string }[] };
  const server = new SMTPServer({
    // Pooled senders keep connections open; do not wait 30 s for them on close.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onConnect(_session, cb) {
      state.connections++;
      state.open++;
      cb();
    },
    onClose() {
      state.open--;
    },
    onAuth(auth, _session, cb) {
      if (auth.password === "right" || auth.password === "rotated") return cb(null, { user: `${auth.username}:${auth.password}` });
      return cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        state.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, connection: session.id });
        cb();
      });
    },
  });
  return {
    state,
    server,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return (server.server.address() as AddressInfo).port;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const allowList = ["127.0.0.1/32"];
const msg = (to: string) => ({ from: "robot@switchyard.test", to, subject: "Hi", text: "Hello" });
const until = async (cond: () => boolean, ms = 3000) => {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

let a: ReturnType<typeof peer>;
let aPort: number;
beforeAll(async () => {
  a = peer();
  aPort = await a.listen();
});
afterAll(() => a.close());
afterEach(() => closeSmtpPools());

describe("pooled SMTP transport per credential, against a real SMTP server", () => {
  it("sends many messages, one after another and 20 at once, over a few reused connections", async () => {
    const before = a.state.connections;
    const config: SmtpConfig = { host: "127.0.0.1", port: aPort, allowList, auth: { user: "mailer", pass: "right" } };
    for (let i = 0; i < 5; i++) await sendMail(config, msg(`seq${i}@example.test`), { pool: "cred-1" });
    expect(a.state.connections - before).toBe(1);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sendMail(config, msg(`par${i}@example.test`), { pool: "cred-1" })));
    expect(results.every((r) => r.accepted.length === 1)).toBe(true);
    // At most the pool's connection cap, not one per message.
    expect(a.state.connections - before).toBeLessThanOrEqual(5);
    const delivered = a.state.messages.filter((m) => /^(seq|par)/.test(m.to[0]!));
    expect(delivered).toHaveLength(25);
    expect(new Set(delivered.map((m) => m.to[0])).size).toBe(25); // each message once
  });

  it("builds a new pool when the credential changes and closes the old one", async () => {
    const config: SmtpConfig = { host: "127.0.0.1", port: aPort, allowList, auth: { user: "mailer", pass: "right" } };
    await sendMail(config, msg("before@example.test"), { pool: "cred-2" });
    const connectionsBefore = a.state.connections;
    const openBefore = a.state.open;
    // The password was replaced: the next send logs in with the new one over a new connection.
    await sendMail({ ...config, auth: { user: "mailer", pass: "rotated" } }, msg("after@example.test"), { pool: "cred-2" });
    expect(a.state.connections).toBe(connectionsBefore + 1);
    expect(a.state.messages.find((m) => m.to[0] === "after@example.test")!.user).toBe("mailer:rotated");
    // The old pool's connection is closed (the peer sees it go), so only the new one stays open.
    expect(await until(() => a.state.open === openBefore)).toBe(true);
    expect(smtpPoolInfo("cred-2")).toMatchObject({ open: true });
  });

  it("moves to another server when the credential's host or port changes", async () => {
    const b = peer();
    const bPort = await b.listen();
    try {
      await sendMail({ host: "127.0.0.1", port: aPort, allowList }, msg("one@example.test"), { pool: "cred-3" });
      await sendMail({ host: "127.0.0.1", port: bPort, allowList }, msg("two@example.test"), { pool: "cred-3" });
      expect(b.state.messages.map((m) => m.to[0])).toEqual(["two@example.test"]);
      expect(a.state.messages.filter((m) => m.to[0] === "two@example.test")).toHaveLength(0);
    } finally {
      closeSmtpPools();
      await b.close();
    }
  });

  it("closes a pool that was not used for its idle time", async () => {
    const openBefore = a.state.open;
    await sendMail({ host: "127.0.0.1", port: aPort, allowList }, msg("idle@example.test"), { pool: "cred-4", poolIdleMs: 200 });
    expect(smtpPoolInfo("cred-4").open).toBe(true);
    expect(await until(() => !smtpPoolInfo("cred-4").open && a.state.open === openBefore)).toBe(true);
  });

  it("still applies the SSRF guard on every pooled send", async () => {
    const config: SmtpConfig = { host: "127.0.0.1", port: aPort, allowList };
    await sendMail(config, msg("allowed@example.test"), { pool: "cred-5" });
    // The admin removed 127.0.0.1 from the allow-list: the open pool is not used any more.
    await expect(sendMail({ ...config, allowList: [] }, msg("blocked@example.test"), { pool: "cred-5" })).rejects.toBeInstanceOf(OutboundBlockedError);
    expect(a.state.messages.some((m) => m.to[0] === "blocked@example.test")).toBe(false);
  });
});
