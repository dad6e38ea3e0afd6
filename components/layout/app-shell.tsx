"use client";
import Link from "next/link";
import { rememberWorkspace } from "./workspace-cookie";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { authClient } from "@/components/auth-client";
import { Logo } from "./logo";
import { NavIcon, type NavIconName } from "./nav-icons";

const nav: { href: string; label: string; icon: NavIconName }[] = [
  { href: "/workflows", label: "Workflows", icon: "workflows" },
  { href: "/runs", label: "Runs", icon: "runs" },
  { href: "/data", label: "Data", icon: "data" },
  { href: "/credentials", label: "Credentials", icon: "credentials" },
  { href: "/monitoring", label: "Monitoring", icon: "monitoring" },
  { href: "/settings", label: "Settings", icon: "settings" },
];

interface Props {
  user: { name: string; email: string };
  workspaces: { id: string; name: string; role: string }[];
  current: { id: string; role: string };
  children: ReactNode;
}

export function AppShell({ user, workspaces, current, children }: Props) {
  const pathname = usePathname();
  const router = useRouter();

  function switchWorkspace(id: string) {
    rememberWorkspace(id);
    router.push("/workflows");
    router.refresh();
  }

  async function signOut() {
    await authClient.signOut();
    router.push("/sign-in");
    router.refresh();
  }

  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="flex items-center gap-2 px-5 py-5 text-lg font-semibold text-slate-900">
          <Logo /> Switchyard
        </div>
        <div className="px-3 pb-3">
          <label htmlFor="workspace-switcher" className="px-2 text-xs font-medium uppercase tracking-wide text-slate-500">
            Workspace
          </label>
          <select
            id="workspace-switcher"
            className="input mt-1"
            value={current.id}
            onChange={(e) => switchWorkspace(e.target.value)}
          >
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <nav aria-label="Main" className="flex-1 px-3">
          <ul className="space-y-0.5">
            {nav.map((item) => {
              const active = pathname === item.href || pathname.startsWith(item.href + "/");
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
                  >
                    <NavIcon name={item.icon} />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="border-t border-slate-200 p-4">
          <p className="truncate text-sm font-medium text-slate-900">{user.name}</p>
          <p className="truncate text-xs text-slate-500">
            {user.email} · {current.role}
          </p>
          <button type="button" onClick={signOut} className="btn-ghost mt-2 w-full justify-start px-2">
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1">
        {children}
      </main>
    </div>
  );
}
