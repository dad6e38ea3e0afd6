/**
 * Public surface of the integration layer (server-only). Services and node executors import
 * from here; tests import the modules directly.
 */
export * from "./errors";
export * from "./ssrf-guard";
export * from "./http-client";
export * from "./retry-policy";
export * from "./rate-limiter";
export * from "./circuit-breaker";
export * from "./failover";
export * from "./resilience";
export * from "./vault";
export * from "./redact";
export * from "./smtp";
export * from "./outbound-webhook";
export * from "./oauth2";
export * from "./oauth2-refresh";
