import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from "./lib/http/common-headers.mjs";

const toHeaderList = (headers) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A second build directory lets a test run build and serve without touching another run's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The API answers with and without the trailing slash, never with a redirect.
  skipTrailingSlashRedirect: true,
  // Without it Next hides its router's own headers (RSC, Next-Router-Prefetch, ...) and the `_rsc` parameter
  // from proxy.ts, which then cannot tell a prefetch from a navigation and rotated refresh tokens for
  // prefetches. This app has no Pages Router, whose data URLs are the other thing this normalises.
  skipProxyUrlNormalize: true,
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "pino", "prom-client"],
  // Pages get their nonce CSP from proxy.ts; everything else is covered here, so the proxy need not run
  // for the API (it would halve its throughput) or for static files.
  async headers() {
    const api = [...toHeaderList(COMMON_SECURITY_HEADERS), { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }];
    return [
      { source: "/:path*", headers: toHeaderList(COMMON_SECURITY_HEADERS) },
      { source: "/api/:path*", headers: api },
      { source: "/.well-known/:path*", headers: api },
    ];
  },
};

export default nextConfig;
