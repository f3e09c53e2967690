/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A second build directory lets a test run build and serve without touching another run's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The API answers with and without the trailing slash, never with a redirect.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
