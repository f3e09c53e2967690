/** @type {import('next').NextConfig} */
export default { poweredByHeader: false, distDir: process.env.FLOOR_DIST_DIR || ".next" };
