import { z } from "zod";
import { listAuditPage } from "@/server/services/audit-query";
import { adminProcedure, router } from "../trpc";

export const auditRouter = router({
  /** The append-only audit log, newest first, keyset-paged; admins only. */
  list: adminProcedure
    .input(
      z.object({
        targetType: z.string().max(40).optional(),
        action: z.string().max(60).optional(),
        actor: z.string().max(100).optional(),
        search: z.string().max(200).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        cursor: z.number().int().positive().nullish(),
      }),
    )
    .query(({ ctx, input }) => listAuditPage(ctx.db, ctx.workspaceId, input)),
});
