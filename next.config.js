/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The API answers with and without the trailing slash, never with a redirect.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
