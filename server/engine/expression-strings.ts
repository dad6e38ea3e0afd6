// The string clean-ups computed without JSONata, with JSONata's own definitions (functions.js), so
// that the direct paths give the same strings.
export const STRING_FUNCTIONS: Record<string, (s: string) => string> = {
  trim: (s) => {
    let r = s.replace(/[ \t\n\r]+/gm, " ");
    if (r.charAt(0) === " ") r = r.substring(1);
    if (r.charAt(r.length - 1) === " ") r = r.substring(0, r.length - 1);
    return r;
  },
  lowercase: (s) => s.toLowerCase(),
  uppercase: (s) => s.toUpperCase(),
};
