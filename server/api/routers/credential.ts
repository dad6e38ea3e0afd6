import { z } from "zod";
import { credentialTypeEnum } from "@/db/schema";
import * as creds from "@/server/services/credentials";
import { connectClientCredentials, startAuthorization } from "@/server/services/credentials-oauth";
import { testCredential } from "@/server/services/credentials-test";
import { getOutboundSettings, setOutboundAllowList } from "@/server/services/outbound-settings";
import { listBreakerStates } from "@/server/integrations/pg-stores";
import { adminProcedure, router, viewerProcedure } from "../trpc";

// No procedure here returns a secret: views carry `MaskedSecret` only (asserted by
// credential.db.test.ts over the JSON of every answer). Settings are for admins only.
const id = z.object({ id: z.string().uuid() });
const type = z.enum(credentialTypeEnum.enumValues);
const fields = z.record(z.string(), z.unknown());
const secretFields = z.record(z.string(), z.string().max(10_000));

export const credentialRouter = router({
  /** Names and types, for the credential picker in node forms (any member). */
  list: viewerProcedure.input(z.object({ type: type.optional() }).optional()).query(({ ctx, input }) => creds.listCredentials(ctx.db, ctx.workspaceId, input?.type)),
  /** Settings, masked secret, status and last test (admins). */
  details: adminProcedure.query(({ ctx }) => creds.listCredentialDetails(ctx.db, ctx.workspaceId)),
  get: adminProcedure.input(id).query(({ ctx, input }) => creds.getCredentialDetails(ctx.db, ctx.workspaceId, input.id)),
  create: adminProcedure
    .input(z.object({ name: z.string().max(200), type, settings: fields.optional(), secret: secretFields.optional(), isDefault: z.boolean().optional() }))
    .mutation(({ ctx, input }) => creds.createCredential(ctx.db, ctx.workspaceId, ctx.actor, input)),
  update: adminProcedure
    .input(z.object({ id: z.string().uuid(), name: z.string().max(200).optional(), settings: fields.optional(), isDefault: z.boolean().optional() }))
    .mutation(({ ctx, input }) => creds.updateCredential(ctx.db, ctx.workspaceId, ctx.actor, input)),
  replaceSecret: adminProcedure
    .input(z.object({ id: z.string().uuid(), secret: secretFields }))
    .mutation(({ ctx, input }) => creds.replaceCredentialSecret(ctx.db, ctx.workspaceId, ctx.actor, input)),
  delete: adminProcedure
    .input(z.object({ id: z.string().uuid(), force: z.boolean().optional() }))
    .mutation(({ ctx, input }) => creds.deleteCredential(ctx.db, ctx.workspaceId, ctx.actor, input)),
  usage: adminProcedure.input(id).query(({ ctx, input }) => creds.credentialUsage(ctx.db, ctx.workspaceId, input.id)),
  test: adminProcedure.input(id).mutation(({ ctx, input }) => testCredential(ctx.db, ctx.workspaceId, input.id)),
  /** OAuth2 authorization code: where to send the admin's browser. */
  oauthStart: adminProcedure
    .input(z.object({ id: z.string().uuid(), origin: z.string().url() }))
    .mutation(({ ctx, input }) => {
      // A configured public URL wins over what the browser says its origin is.
      const base = process.env.SWITCHYARD_PUBLIC_URL?.trim() || input.origin;
      return startAuthorization(ctx.db, ctx.workspaceId, ctx.actor, { id: input.id, redirectUri: new URL("/api/oauth/callback", base).href });
    }),
  oauthConnect: adminProcedure.input(id).mutation(({ ctx, input }) => connectClientCredentials(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  outbound: adminProcedure.query(({ ctx }) => getOutboundSettings(ctx.db, ctx.workspaceId)),
  setOutboundAllowList: adminProcedure
    .input(z.object({ allowList: z.array(z.string().max(300)).max(200) }))
    .mutation(({ ctx, input }) => setOutboundAllowList(ctx.db, ctx.workspaceId, ctx.actor, input.allowList)),
  /** Circuit breaker state per host (any member: it is about the hosts, not the secrets). */
  breakers: viewerProcedure.query(({ ctx }) => listBreakerStates(ctx.db, ctx.workspaceId)),
});
