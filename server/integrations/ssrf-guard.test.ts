import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { OutboundBlockedError } from "./errors";
import { classifyAddress, compileAllowList, guardHost, guardUrl, type Resolver } from "./ssrf-guard";

const noDns: Resolver = async (h) => {
  throw new Error(`unexpected DNS lookup of ${h}`);
};

async function blocked(url: string, opts: Parameters<typeof guardUrl>[1] = {}): Promise<OutboundBlockedError> {
  const err = await guardUrl(url, { resolve: noDns, ...opts }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${url} should be blocked`).toBeInstanceOf(OutboundBlockedError);
  const e = err as OutboundBlockedError;
  expect(e.code).toBe("SSRF_BLOCKED");
  expect(e.retryable).toBe(false);
  expect(e.message).toMatch(/^Blocked: /);
  return e;
}

describe("SSRF guard: the issue's corpus", () => {
  const corpus: [string, string, RegExp][] = [
    ["http://127.0.0.1/", "loopback", /127\.0\.0\.1 is a loopback address/],
    ["http://127.1/", "loopback", /127\.0\.0\.1 is a loopback/],
    ["http://0x7f.1/", "loopback", /127\.0\.0\.1/],
    ["http://0.0.0.0/", "unspecified", /0\.0\.0\.0 is an unspecified address/],
    ["http://10.0.0.1/", "private", /10\.0\.0\.1 is a private network address/],
    ["http://100.64.0.1/", "carrierGradeNat", /carrier-grade NAT/],
    ["http://192.168.1.1/", "private", /192\.168\.1\.1 is a private/],
    ["http://[::1]/", "loopback", /::1 is a loopback/],
    ["http://[::ffff:169.254.169.254]/", "linkLocal", /embeds 169\.254\.169\.254.*link-local.*metadata/],
    ["http://[64:ff9b::a9fe:a9fe]/", "linkLocal", /64:ff9b::a9fe:a9fe \(it embeds 169\.254\.169\.254\) is a link-local/],
    ["http://169.254.169.254/latest/meta-data/", "linkLocal", /link-local address \(the cloud metadata service\)/],
    ["http://2852039166/", "linkLocal", /169\.254\.169\.254/],
    ["http://0251.0376.0251.0376/", "linkLocal", /169\.254\.169\.254/],
  ];
  it.each(corpus)("refuses %s (%s)", async (url, category, message) => {
    const e = await blocked(url);
    expect(e.category).toBe(category);
    expect(e.message).toMatch(message);
    expect(e.message).toContain("An admin can allow it in Settings → Outbound access.");
  });

  it("gives the exact human message", async () => {
    const e = await blocked("http://10.0.0.1/x");
    expect(e.message).toBe("Blocked: 10.0.0.1 is a private network address. An admin can allow it in Settings → Outbound access.");
  });

  it.each(["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/", "data:text/plain,hi", "javascript:alert(1)"])(
    "refuses the scheme of %s",
    async (url) => {
      const e = await blocked(url);
      expect(e.category).toBe("scheme");
      expect(e.message).toMatch(/only http and https/);
    },
  );

  it("refuses a host name that resolves to loopback, after resolution", async () => {
    const resolve = vi.fn<Resolver>(async () => [{ address: "127.0.0.1", family: 4 }]);
    const e = await blocked("http://app.127.0.0.1.nip.io/", { resolve });
    expect(e.message).toBe(
      "Blocked: app.127.0.0.1.nip.io resolves to 127.0.0.1, a loopback address. An admin can allow it in Settings → Outbound access.",
    );
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it("checks every resolved address, not only the first", async () => {
    const resolve: Resolver = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "fd00::5", family: 6 },
    ];
    const e = await blocked("https://mixed.example/", { resolve });
    expect(e.category).toBe("uniqueLocal");
  });

  it("re-resolves per check, so a name whose second resolution changes is refused the second time", async () => {
    let n = 0;
    const resolve: Resolver = async () => [{ address: n++ === 0 ? "93.184.215.14" : "10.0.0.5", family: 4 }];
    const first = await guardUrl("https://rebind.example/", { resolve });
    expect(first.address).toBe("93.184.215.14");
    await blocked("https://rebind.example/", { resolve });
  });
});

describe("SSRF guard: more ranges", () => {
  it.each([
    "172.16.0.1", "172.31.255.255", "198.18.0.1", "198.19.255.1", "192.0.0.8", "224.0.0.1", "240.0.0.1",
    "255.255.255.255", "[fc00::1]", "[fe80::1]", "[ff02::1]", "[::]", "[2002:7f00:1::]", "[2001::1]",
    "[::7f00:1]", "[64:ff9b:1::a]", "[2001:db8::1]", "[::ffff:10.0.0.1]", "[fec0::1]",
  ])("refuses %s", async (host) => {
    await blocked(`http://${host}/`);
  });

  it("allows public addresses and pins the address to connect to", async () => {
    expect(await guardUrl("https://93.184.215.14/")).toMatchObject({ address: "93.184.215.14", family: 4, allowListed: false });
    expect(await guardUrl("https://[2606:4700::1111]/")).toMatchObject({ address: "2606:4700::1111", family: 6 });
    // IPv4-mapped: unmapped and connected over IPv4.
    expect(await guardUrl("http://[::ffff:1.1.1.1]/")).toMatchObject({ address: "1.1.1.1", family: 4 });
    // NAT64 of a public IPv4 is legitimate on IPv6-only hosts: keep the IPv6 form.
    expect(await guardUrl("http://[64:ff9b::5db8:d70e]/")).toMatchObject({ address: "64:ff9b::5db8:d70e", family: 6 });
  });

  it("resolves names once and returns the first address as the pin", async () => {
    const resolve = vi.fn<Resolver>(async () => [
      { address: "2606:4700::1111", family: 6 },
      { address: "1.1.1.1", family: 4 },
    ]);
    const t = await guardUrl("https://one.example:8443/a?b", { resolve });
    expect(t).toMatchObject({ hostname: "one.example", address: "2606:4700::1111", family: 6 });
    expect(t.url.port).toBe("8443");
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it("reports DNS failures as DNS_FAILED, not as a block", async () => {
    const resolve: Resolver = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    await expect(guardUrl("https://missing.example/", { resolve })).rejects.toMatchObject({ code: "DNS_FAILED", retryable: false });
  });

  it("property: any loopback/private/link-local IPv4 in decimal, hex or octal notation is refused", async () => {
    const blockedNets: [number, number][] = [
      [0x7f000000, 8], [0x0a000000, 8], [0xa9fe0000, 16], [0xc0a80000, 16], [0xac100000, 12], [0x64400000, 10], [0, 8],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...blockedNets), fc.nat(), fc.constantFrom("dec", "hex", "oct", "dotted-hex"), async ([net, bits], r, form) => {
        const n = (net | (r & (2 ** (32 - bits) - 1))) >>> 0;
        const o = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
        const host =
          form === "dec" ? String(n) : form === "hex" ? `0x${n.toString(16)}` : form === "oct" ? o.map((x) => `0${x.toString(8)}`).join(".") : o.map((x) => `0x${x.toString(16)}`).join(".");
        const err = await guardUrl(`http://${host}/`, { resolve: noDns }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(OutboundBlockedError);
      }),
      { numRuns: 300 },
    );
  });
});

describe("SSRF guard: admin allow-list", () => {
  it("allows a CIDR, including the unmapped form of an IPv4-mapped address", async () => {
    const allowList = ["10.0.0.0/8"];
    expect(await guardUrl("http://10.0.0.1/", { allowList })).toMatchObject({ address: "10.0.0.1", allowListed: true });
    expect(await guardUrl("http://[::ffff:10.1.2.3]/", { allowList })).toMatchObject({ address: "10.1.2.3", family: 4 });
    await blocked("http://192.168.0.1/", { allowList });
  });

  it("allows host names and wildcards regardless of what they resolve to", async () => {
    const resolve: Resolver = async () => [{ address: "10.9.8.7", family: 4 }];
    const list = compileAllowList(["erp.corp.example", "*.svc.internal"]);
    expect(await guardUrl("https://ERP.corp.example./x", { allowList: list, resolve })).toMatchObject({ address: "10.9.8.7", allowListed: true });
    expect(await guardUrl("https://a.b.svc.internal/", { allowList: list, resolve })).toMatchObject({ allowListed: true });
    await blocked("https://svc.internal.evil.example/", { allowList: list, resolve });
  });

  it("allows single IPs and bracketed IPv6", async () => {
    expect(await guardUrl("http://[::1]:8080/", { allowList: ["[::1]"] })).toMatchObject({ address: "::1", family: 6 });
    expect(await guardUrl("http://127.0.0.1/", { allowList: ["127.0.0.1"] })).toMatchObject({ address: "127.0.0.1" });
  });
});

describe("guardHost (SMTP and other bare hosts)", () => {
  it("normalises numeric forms like the URL parser", async () => {
    await expect(guardHost("127.1")).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(guardHost("2852039166")).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(guardHost("::1")).rejects.toBeInstanceOf(OutboundBlockedError);
    expect(await guardHost("127.0.0.1", { allowList: ["127.0.0.1/32"] })).toMatchObject({ address: "127.0.0.1" });
  });
});

describe("classifyAddress", () => {
  it("explains what an address is", () => {
    expect(classifyAddress("8.8.8.8")).toMatchObject({ blocked: false });
    expect(classifyAddress("::ffff:127.0.0.1")).toMatchObject({ blocked: true, category: "loopback", embedded: "127.0.0.1" });
    expect(classifyAddress("2002:a9fe:a9fe::1")).toMatchObject({ blocked: true, category: "tunnel" });
    expect(classifyAddress("not-an-ip")).toMatchObject({ blocked: true, category: "invalidAddress" });
  });
});
