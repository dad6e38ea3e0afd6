import { afterEach, describe, expect, it, vi } from "vitest";
import {
  OAuthError,
  buildAuthorizationUrl,
  createPkce,
  needsRefresh,
  parseTokenResponse,
  pkceChallenge,
  requestToken,
  tokenRequest,
  type ClientConfig,
  type TokenSet,
} from "./oauth2";
import { MemoryRefreshLease, createSingleFlight, getFreshTokens, refreshOnce, type RefreshDeps } from "./oauth2-refresh";
import { LOOPBACK_PEERS, startPeer, type Peer } from "./testing/peer";

const peers: Peer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
const allowList = [...LOOPBACK_PEERS];
const NOW = 1_700_000_000_000;

describe("PKCE and the authorization URL", () => {
  it("matches the RFC 7636 appendix B example", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const p = createPkce();
    expect(p.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.challenge).toBe(pkceChallenge(p.verifier));
  });

  it("builds the URL; extra params cannot override the protocol ones", () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizationUrl: "https://idp.example/authorize?tenant=t1",
        clientId: "cid",
        redirectUri: "https://sy.example/api/oauth/callback",
        scopes: ["openid", "crm.read"],
        state: "st",
        codeChallenge: "ch",
        extraParams: { access_type: "offline", client_id: "evil" },
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: "t1",
      access_type: "offline",
      client_id: "cid",
      response_type: "code",
      redirect_uri: "https://sy.example/api/oauth/callback",
      scope: "openid crm.read",
      state: "st",
      code_challenge: "ch",
      code_challenge_method: "S256",
    });
  });
});

describe("token responses", () => {
  it("parses expiry, normalises the type and keeps the old refresh token when none is returned", () => {
    const t = parseTokenResponse({ access_token: "a", token_type: "bearer", expires_in: "3600", scope: "x y" }, NOW, { refreshToken: "r-old" });
    expect(t).toEqual({ accessToken: "a", tokenType: "Bearer", refreshToken: "r-old", expiresAt: NOW + 3_600_000, scope: ["x", "y"], idToken: undefined, obtainedAt: NOW });
    expect(parseTokenResponse({ access_token: "a" }, NOW).expiresAt).toBeNull();
  });
  it("turns error bodies into OAuthError; invalid_grant needs a reconnect", () => {
    const e = (() => {
      try {
        parseTokenResponse({ error: "invalid_grant", error_description: "Token revoked" }, NOW);
      } catch (x) {
        return x as OAuthError;
      }
    })();
    expect(e).toBeInstanceOf(OAuthError);
    expect(e?.code).toBe("invalid_grant");
    expect(e?.needsReconnect).toBe(true);
    expect(() => parseTokenResponse({ token_type: "bearer" }, NOW)).toThrow(/no access_token/);
  });
  it("refreshes when less than 5 minutes are left", () => {
    expect(needsRefresh({ expiresAt: NOW + 299_999 }, NOW)).toBe(true);
    expect(needsRefresh({ expiresAt: NOW + 300_000 }, NOW)).toBe(false);
    expect(needsRefresh({ expiresAt: null }, NOW)).toBe(false);
  });
  it("builds token requests with client_secret_basic or _post", () => {
    const basic = tokenRequest({ tokenUrl: "x", clientId: "id:1", clientSecret: "s e" }, { grant: "client_credentials", scopes: ["a"] });
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from("id%3A1:s+e").toString("base64")}`);
    expect(basic.body.toString()).toBe("grant_type=client_credentials&scope=a");
    const post = tokenRequest({ tokenUrl: "x", clientId: "id", clientSecret: "s", clientAuth: "body" }, { grant: "refresh_token", refreshToken: "r" });
    expect(Object.fromEntries(post.body)).toEqual({ grant_type: "refresh_token", refresh_token: "r", client_id: "id", client_secret: "s" });
  });
});

/** A mock IdP that rotates refresh tokens and revokes the whole family when an old one is reused. */
async function rotatingIdp() {
  let generation = 0;
  let revoked = false;
  const challenges = new Map<string, string>();
  const p = await startPeer(async (req, res) => {
    const form = new URLSearchParams(req.body);
    const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    await new Promise((r) => setTimeout(r, 20)); // make concurrent callers overlap
    if (form.get("grant_type") === "authorization_code") {
      const expected = challenges.get(form.get("code") ?? "");
      if (!expected || pkceChallenge(form.get("code_verifier") ?? "") !== expected) return reply(400, { error: "invalid_grant", error_description: "PKCE" });
      return reply(200, { access_token: "at-0", refresh_token: "rt-0", expires_in: 3600, token_type: "Bearer" });
    }
    if (revoked || form.get("refresh_token") !== `rt-${generation}`) {
      revoked = true; // reuse detected: the grant is gone
      return reply(400, { error: "invalid_grant", error_description: "refresh token reuse" });
    }
    generation++;
    return reply(200, { access_token: `at-${generation}`, refresh_token: `rt-${generation}`, expires_in: 3600, token_type: "Bearer" });
  });
  peers.push(p);
  return { peer: p, challenges, revoked: () => revoked, calls: () => p.requests.length };
}

describe("against a local rotating IdP", () => {
  it("authorization code + PKCE exchange", async () => {
    const idp = await rotatingIdp();
    const pkce = createPkce();
    idp.challenges.set("the-code", pkce.challenge);
    const client: ClientConfig = { tokenUrl: `${idp.peer.origin}/token`, clientId: "cid", clientSecret: "sec" };
    const t = await requestToken(client, { grant: "authorization_code", code: "the-code", redirectUri: "https://sy.example/cb", codeVerifier: pkce.verifier }, { allowList, now: () => NOW });
    expect(t).toMatchObject({ accessToken: "at-0", refreshToken: "rt-0", expiresAt: NOW + 3_600_000 });
    await expect(requestToken(client, { grant: "authorization_code", code: "the-code", redirectUri: "x", codeVerifier: "wrong" }, { allowList })).rejects.toMatchObject({ code: "invalid_grant" });
    // The token URL is SSRF-guarded like everything else.
    await expect(requestToken({ ...client, tokenUrl: "http://169.254.169.254/token" }, { grant: "client_credentials" })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
  });

  function store(initial: TokenSet, idpOrigin: string) {
    let saved = initial;
    const deps: RefreshDeps = {
      read: async () => saved,
      refresh: (cur) => requestToken({ tokenUrl: `${idpOrigin}/token`, clientId: "cid" }, { grant: "refresh_token", refreshToken: cur.refreshToken! }, { allowList }, cur),
      persist: vi.fn(async (t: TokenSet) => void (saved = t)),
      markNeedsReconnect: vi.fn(async () => undefined),
    };
    return { deps, saved: () => saved, set: (t: TokenSet) => void (saved = t) };
  }
  const expired = (): TokenSet => ({ accessToken: "at-0", tokenType: "Bearer", refreshToken: "rt-0", expiresAt: Date.now() - 1000, obtainedAt: 0 });

  it("20 concurrent steps with an expired token → exactly one refresh call, all succeed, grant survives", async () => {
    const idp = await rotatingIdp();
    const s = store(expired(), idp.peer.origin);
    const results = await Promise.all(Array.from({ length: 20 }, () => getFreshTokens("cred-1", s.deps)));
    expect(idp.calls()).toBe(1);
    expect(new Set(results.map((t) => t.accessToken))).toEqual(new Set(["at-1"]));
    expect(s.deps.persist).toHaveBeenCalledTimes(1);
    expect(idp.revoked()).toBe(false);
  });

  it("two 'processes' (separate single-flights) sharing a lease → still one refresh", async () => {
    const idp = await rotatingIdp();
    const s = store(expired(), idp.peer.origin);
    const lease = new MemoryRefreshLease();
    const proc = (holder: string) => ({ ...s.deps, lease, holder, singleFlight: createSingleFlight(), pollMs: 10 });
    const a = proc("A");
    const b = proc("B");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => getFreshTokens("cred-1", i % 2 ? a : b)));
    expect(idp.calls()).toBe(1);
    expect(results.every((t) => t.accessToken === "at-1")).toBe(true);
  });

  it("invalid_grant after a sibling rotated → the sibling's tokens are used, no error", async () => {
    const idp = await rotatingIdp();
    const s = store(expired(), idp.peer.origin);
    const sibling: TokenSet = { accessToken: "at-sib", tokenType: "Bearer", refreshToken: "rt-sib", expiresAt: Date.now() + 3_600_000, obtainedAt: 0 };
    let reads = 0;
    const deps: RefreshDeps = {
      ...s.deps,
      read: async () => (reads++ < 2 ? s.saved() : sibling), // the sibling's write lands during our refresh
      refresh: async () => {
        throw new OAuthError("invalid_grant", "reused");
      },
    };
    expect(await getFreshTokens("cred-2", deps)).toBe(sibling);
    expect(deps.markNeedsReconnect).not.toHaveBeenCalled();
  });

  it("a refresh that fails for good → needs reconnect, once, no loop", async () => {
    const idp = await rotatingIdp();
    const s = store({ ...expired(), refreshToken: "rt-stolen" }, idp.peer.origin);
    await expect(getFreshTokens("cred-3", s.deps)).rejects.toMatchObject({ code: "invalid_grant", needsReconnect: true });
    expect(s.deps.markNeedsReconnect).toHaveBeenCalledTimes(1);
    expect(idp.calls()).toBe(1);
  });

  it("a 401 forces one refresh even before expiry; a token already replaced is reused", async () => {
    const idp = await rotatingIdp();
    const s = store({ ...expired(), expiresAt: Date.now() + 3_600_000 }, idp.peer.origin);
    expect((await getFreshTokens("cred-4", s.deps)).accessToken).toBe("at-0"); // still valid: no call
    expect((await getFreshTokens("cred-4", s.deps, { rejectedAccessToken: "at-0" })).accessToken).toBe("at-1");
    expect((await getFreshTokens("cred-4", s.deps, { rejectedAccessToken: "at-0" })).accessToken).toBe("at-1");
    expect(idp.calls()).toBe(1);
  });
});

describe("refreshOnce", () => {
  it("shares one in-flight promise per credential and forgets it when settled", async () => {
    let calls = 0;
    const fn = () => new Promise<number>((r) => setTimeout(() => r(++calls), 10));
    const [a, b, c] = await Promise.all([refreshOnce("x", fn), refreshOnce("x", fn), refreshOnce("y", fn)]);
    expect([a, b]).toEqual([a, a]);
    expect(c).not.toBe(a);
    expect(await refreshOnce("x", fn)).toBe(3);
  });
});
