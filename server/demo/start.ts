// Start-up hook for `SWITCHYARD_DEMO=1` (called from server/startup.ts): creates the demo user
// through better-auth, so the printed password works on the sign-in page, then seeds the demo.
import "server-only";
import type { Db } from "@/db/client";
import { getAppRegistry } from "@/server/app-registry";
import { getAuth } from "@/server/auth";
import { DEMO_ACCOUNT, startDemo, type DemoHandle } from "./seed";

const g = globalThis as unknown as { __switchyardDemo?: Promise<DemoHandle> };

export function startDemoInApp(db: Db): Promise<DemoHandle> {
  g.__switchyardDemo ??= (async () => {
    const appUrl = process.env.SWITCHYARD_URL ?? `http://127.0.0.1:${process.env.PORT ?? "3000"}`;
    const demo = await startDemo(db, {
      appUrl,
      registry: getAppRegistry(db),
      async createUser(account) {
        const auth = await getAuth();
        const r = await auth.api.signUpEmail({ body: { email: account.email, password: account.password, name: account.name } });
        return { id: r.user.id, name: r.user.name, email: r.user.email };
      },
    });
    console.log(
      [
        "Switchyard demo is ready:",
        `  sign in at ${appUrl}/sign-in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`,
        `  e-mails go to a local mail server (127.0.0.1:${demo.sink.port}) and show up in Data → "Demo mailbox"`,
      ].join("\n"),
    );
    if (demo.created) {
      demo.leadsPosted.then(
        () => console.log("Switchyard demo: sample leads sent; see Runs and Data → Leads."),
        (e: unknown) => console.error("Switchyard demo: sending the sample leads failed:", e),
      );
    }
    return demo;
  })();
  return g.__switchyardDemo;
}
