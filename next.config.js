/** @type {import('next').NextConfig} */
const securityHeaders = [
  // Non-embed pages must never be framed (clickjacking); embed routes set their own policy.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

module.exports = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (tsc); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@electric-sql/pglite", "pg", "nodemailer", "smtp-server"],
  async headers() {
    return [
      // Hosted forms (/f/…) are made to be embedded on customers' websites.
      { source: "/((?!embed|f/).*)", headers: securityHeaders },
      { source: "/f/:token", headers: [{ key: "Content-Security-Policy", value: "frame-ancestors *" }, { key: "X-Content-Type-Options", value: "nosniff" }] },
    ];
  },
};
