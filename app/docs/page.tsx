import type { Metadata } from "next";
import { headers } from "next/headers";
import type { JSX } from "react";
import "./docs.css";

export const metadata: Metadata = { title: "API reference" };

/** The nonce of this response's CSP (set by proxy.ts on the request): our scripts must carry it. */
async function cspNonce(): Promise<string | undefined> {
  return (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
}

/** The interactive API reference: swagger-ui, served from our own origin, reading /api/openapi.json. */
export default async function DocsPage(): Promise<JSX.Element> {
  const nonce = await cspNonce();
  return (
    <div className="api-docs">
      <header className="page-header">
        <h1>API reference</h1>
        <p className="lead">
          Every endpoint, its request, its answers and its error codes. The same document as JSON: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
        </p>
      </header>
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" precedence="default" />
      <div id="swagger-ui" />
      <script nonce={nonce} src="/docs/assets/swagger-ui-bundle.js" defer />
      <script nonce={nonce} src="/docs/assets/start.js" defer />
    </div>
  );
}
