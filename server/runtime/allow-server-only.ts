// Import this FIRST in standalone server entry points (worker process, benchmark). Next.js's
// "server-only" marker package throws unless the "react-server" export condition is active, which
// only Next sets; a standalone Node process is server-side by definition, so the marker resolves
// to its empty module here. (Modules run under tsx are loaded through require.)
import Module from "node:module";
import path from "node:path";

const empty = path.join(path.dirname(require.resolve("server-only")), "empty.js");
const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = mod._resolveFilename;
mod._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return original.call(this, request === "server-only" ? empty : request, ...rest);
};
