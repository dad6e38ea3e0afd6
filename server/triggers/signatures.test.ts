import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signHub, signStripe, verifyHubSignature, verifySignature, verifyStandardWebhook, verifyStripeSignature } from "./signatures";

// Spec vector, reliability.md §a.3 (from standard-webhooks libraries/javascript/src/webhook.test.ts).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const body = Buffer.from(PAYLOAD, "utf8");
const at = (seconds: number) => seconds * 1000;
const sw = (sig: string, ts = TS) => ({ "webhook-id": MSG_ID, "webhook-timestamp": String(ts), "webhook-signature": sig });

describe("Standard Webhooks", () => {
  it("the spec vector verifies, and our expected value is the package's", () => {
    expect(new Webhook(SECRET).sign(MSG_ID, new Date(at(TS)), PAYLOAD)).toBe(EXPECTED);
    expect(verifyStandardWebhook(body, sw(EXPECTED), [SECRET], at(TS))).toEqual({ ok: true, secretIndex: 0 });
  });

  it("accepts the secret without the whsec_ prefix, Svix headers and fetch Headers", () => {
    expect(verifyStandardWebhook(body, sw(EXPECTED), [SECRET.slice(6)], at(TS)).ok).toBe(true);
    const svix = { "svix-id": MSG_ID, "svix-timestamp": String(TS), "svix-signature": EXPECTED };
    expect(verifyStandardWebhook(body, svix, [SECRET], at(TS)).ok).toBe(true);
    expect(verifyStandardWebhook(body, new Headers(sw(EXPECTED)), [SECRET], at(TS)).ok).toBe(true);
  });

  it("rotation: several signatures in the header, several secrets configured", () => {
    const other = "whsec_" + Buffer.from("another-secret-of-some-length!!").toString("base64");
    const otherSig = new Webhook(other).sign(MSG_ID, new Date(at(TS)), PAYLOAD);
    expect(verifyStandardWebhook(body, sw(`v1,bm9wZQ== ${otherSig} ${EXPECTED}`), [SECRET], at(TS))).toEqual({ ok: true, secretIndex: 0 });
    expect(verifyStandardWebhook(body, sw(otherSig), ["not base64 at all!", SECRET, other], at(TS))).toEqual({ ok: true, secretIndex: 2 });
  });

  it.each([
    ["wrong secret", sw(EXPECTED), ["whsec_" + Buffer.from("wrong").toString("base64")], TS, "no_matching_signature"],
    ["expired timestamp (6 min later)", sw(EXPECTED), [SECRET], TS + 360, "timestamp_too_old"],
    ["timestamp 6 min in the future", sw(EXPECTED), [SECRET], TS - 360, "timestamp_too_new"],
    ["truncated v1,", sw("v1,"), [SECRET], TS, "malformed_header"],
    ["truncated v1,abc", sw("v1,abc"), [SECRET], TS, "malformed_header"],
    ["signature with one character changed", sw(EXPECTED.replace("g0h", "g0i")), [SECRET], TS, "no_matching_signature"],
    ["other version only", sw(EXPECTED.replace("v1,", "v2,")), [SECRET], TS, "malformed_header"],
    ["missing id", { "webhook-timestamp": String(TS), "webhook-signature": EXPECTED }, [SECRET], TS, "missing_header"],
    ["non-numeric timestamp", { ...sw(EXPECTED), "webhook-timestamp": "1614265330.5" }, [SECRET], TS, "malformed_header"],
    ["no usable secret", sw(EXPECTED), ["###"], TS, "no_usable_secret"],
  ] as const)("refuses: %s", (_n, headers, secrets, now, reason) => {
    expect(verifyStandardWebhook(body, headers, [...secrets], at(now))).toEqual({ ok: false, reason });
  });

  it("accepts the edges of the ±5 minute window", () => {
    expect(verifyStandardWebhook(body, sw(EXPECTED), [SECRET], at(TS + 300)).ok).toBe(true);
    expect(verifyStandardWebhook(body, sw(EXPECTED), [SECRET], at(TS - 300)).ok).toBe(true);
  });

  it("re-serialized JSON (whitespace changed) fails: we verify raw bytes", () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(PAYLOAD)));
    expect(reserialized.toString()).toBe('{"test":2432232314}');
    expect(verifyStandardWebhook(reserialized, sw(EXPECTED), [SECRET], at(TS))).toEqual({ ok: false, reason: "no_matching_signature" });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    expect(verifyStandardWebhook(withBom, sw(EXPECTED), [SECRET], at(TS)).ok).toBe(false);
  });

  it("bodies that are not UTF-8 are signed over their exact bytes", () => {
    const bin = Buffer.from([0xff, 0x00, 0xfe, 0x41]);
    const key = Buffer.from(SECRET.slice(6), "base64");
    const sig = "v1," + createHmac("sha256", key).update(`${MSG_ID}.${TS}.`).update(bin).digest("base64");
    expect(verifyStandardWebhook(bin, sw(sig), [SECRET], at(TS)).ok).toBe(true);
    expect(verifyStandardWebhook(Buffer.from([0xff, 0x00, 0xfe, 0x42]), sw(sig), [SECRET], at(TS)).ok).toBe(false);
  });
});

describe("GitHub X-Hub-Signature-256", () => {
  // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
  const ghSig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  const hello = Buffer.from("Hello, World!");
  it("verifies GitHub's published example, with rotation", () => {
    expect(signHub("It's a Secret to Everybody", hello)).toBe(ghSig);
    expect(verifyHubSignature(hello, { "X-Hub-Signature-256": ghSig }, ["old", "It's a Secret to Everybody"])).toEqual({ ok: true, secretIndex: 1 });
  });
  it.each([
    ["wrong secret", { "x-hub-signature-256": ghSig }, ["nope"], "no_matching_signature"],
    ["missing", {}, ["It's a Secret to Everybody"], "missing_header"],
    ["truncated", { "x-hub-signature-256": ghSig.slice(0, 20) }, ["It's a Secret to Everybody"], "malformed_header"],
    ["sha1 form", { "x-hub-signature-256": "sha1=0123456789abcdef0123456789abcdef01234567" }, ["x"], "malformed_header"],
    ["empty secret list", { "x-hub-signature-256": ghSig }, [""], "no_usable_secret"],
  ] as const)("refuses: %s", (_n, headers, secrets, reason) => {
    expect(verifyHubSignature(hello, headers, [...secrets])).toEqual({ ok: false, reason });
  });
  it("refuses a changed body", () => {
    expect(verifyHubSignature(Buffer.from("Hello, World! "), { "x-hub-signature-256": ghSig }, ["It's a Secret to Everybody"]).ok).toBe(false);
  });
});

describe("Stripe-style t=…,v1=…", () => {
  const secret = "whsec_test_secret";
  const payload = Buffer.from('{"id":"evt_1","object":"event"}');
  const t = 1_700_000_000;
  const header = signStripe(secret, payload, t);
  it("verifies, including a second v1 during rotation and a v0 entry", () => {
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${payload.toString()}`).digest("hex")}`);
    expect(verifyStripeSignature(payload, { "Stripe-Signature": header }, [secret], at(t))).toEqual({ ok: true, secretIndex: 0 });
    const other = signStripe("whsec_old", payload, t).split(",")[1];
    expect(verifyStripeSignature(payload, { "stripe-signature": `${header},${other},v0=abc` }, ["whsec_old"], at(t + 10)).ok).toBe(true);
  });
  it.each([
    ["expired", header, t + 301, "timestamp_too_old"],
    ["future", header, t - 301, "timestamp_too_new"],
    ["no v1", `t=${t},v0=abcd`, t, "malformed_header"],
    ["truncated v1", `t=${t},v1=abc`, t, "malformed_header"],
    ["two timestamps", `t=${t},${header}`, t, "malformed_header"],
    ["wrong secret", signStripe("whsec_other", payload, t), t, "no_matching_signature"],
    ["timestamp swapped (signature binds it)", header.replace(`t=${t}`, `t=${t + 1}`), t, "no_matching_signature"],
  ] as const)("refuses: %s", (_n, h, now, reason) => {
    expect(verifyStripeSignature(payload, { "stripe-signature": h }, [secret], at(now))).toEqual({ ok: false, reason });
  });
});

describe("verifySignature", () => {
  it("dispatches by scheme with an injected clock", () => {
    expect(verifySignature({ scheme: "standard-webhooks", secrets: [SECRET] }, body, sw(EXPECTED), () => at(TS)).ok).toBe(true);
    expect(verifySignature({ scheme: "standard-webhooks", secrets: [SECRET], toleranceSeconds: 10 }, body, sw(EXPECTED), () => at(TS + 11))).toEqual({
      ok: false,
      reason: "timestamp_too_old",
    });
    expect(verifySignature({ scheme: "github", secrets: ["s"] }, body, { "x-hub-signature-256": signHub("s", body) }).ok).toBe(true);
    expect(verifySignature({ scheme: "stripe", secrets: ["s"] }, body, { "stripe-signature": signStripe("s", body, 100) }, () => at(100)).ok).toBe(true);
  });
});
