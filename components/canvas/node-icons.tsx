// Icons for node types. Definitions name an icon by a string key (no React in server/); this is
// the map. Unknown keys fall back to a generic box, so new node types render before they get one.
import { memo } from "react";

const PATHS: Record<string, string[]> = {
  play: ["M7 4l13 8-13 8z"],
  webhook: ["M9 17a4 4 0 1 1-3-6.5", "M12 7a4 4 0 1 1 5 5.5", "M18 17a4 4 0 1 1-5-3.9L9.5 7"],
  clock: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M12 7v5l3 2"],
  "alert-triangle": ["M12 3l10 18H2z", "M12 10v4", "M12 17.5v.5"],
  "git-branch": ["M6 3v12", "M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M18 9a9 9 0 0 1-9 9"],
  split: ["M16 3h5v5", "M8 3H3v5", "M12 22v-8.3a4 4 0 0 0-1.2-2.9L3 3", "M21 3l-6 6"],
  pencil: ["M17 3l4 4L8 20H4v-4z"],
  merge: ["M8 6l4-4 4 4", "M12 2v10.3a4 4 0 0 1-1.2 2.9L4 22", "M20 22l-5-5"],
  repeat: ["M17 2l4 4-4 4", "M3 11V9a3 3 0 0 1 3-3h15", "M7 22l-4-4 4-4", "M21 13v2a3 3 0 0 1-3 3H3"],
  hourglass: ["M6 2h12", "M6 22h12", "M7 2v4l5 6-5 6v4", "M17 2v4l-5 6 5 6v4"],
  "octagon-x": ["M8 2h8l6 6v8l-6 6H8l-6-6V8z", "M15 9l-6 6", "M9 9l6 6"],
  "scroll-text": ["M8 21h10a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2H6", "M6 3a2 2 0 0 0-2 2v2h4", "M8 7v12a2 2 0 0 1-4 0", "M11 8h5", "M11 12h5", "M11 16h3"],
  workflow: ["M3 3h6v6H3z", "M15 15h6v6h-6z", "M6 9v3a3 3 0 0 0 3 3h6"],
  "sticky-note": ["M15 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V9z", "M15 3v6h6"],
  globe: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M3 12h18", "M12 3a14 14 0 0 1 0 18", "M12 3a14 14 0 0 0 0 18"],
  mail: ["M3 5h18v14H3z", "M3 6l9 7 9-7"],
  database: ["M12 3c5 0 8 1.3 8 3s-3 3-8 3-8-1.3-8-3 3-3 8-3z", "M4 6v12c0 1.7 3 3 8 3s8-1.3 8-3V6", "M4 12c0 1.7 3 3 8 3s8-1.3 8-3"],
  table: ["M3 4h18v16H3z", "M3 10h18", "M9 4v16"],
  bell: ["M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9", "M10 21a2 2 0 0 0 4 0"],
  "message-square": ["M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"],
  filter: ["M3 4h18l-7 8v6l-4 2v-8z"],
  code: ["M16 18l6-6-6-6", "M8 6l-6 6 6 6"],
  send: ["M22 2L11 13", "M22 2l-7 20-4-9-9-4z"],
  box: ["M3 7l9-4 9 4v10l-9 4-9-4z", "M3 7l9 4 9-4", "M12 11v10"],
  reply: ["M9 17l-5-5 5-5", "M4 12h11a5 5 0 0 1 5 5v2"],
  form: ["M5 3h14v18H5z", "M8 8h8", "M8 12h8", "M8 16h4"],
};

export const NodeIcon = memo(function NodeIcon({ name, className = "h-4 w-4" }: { name: string; className?: string }) {
  const paths = PATHS[name] ?? PATHS.box!;
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
});
