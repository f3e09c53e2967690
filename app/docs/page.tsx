import type { Metadata } from "next";
import type { JSX } from "react";
import { ApiReference } from "@/components/api-reference";
import "./docs.css";

export const metadata: Metadata = { title: "API reference" };

const SPEC_URL = "/api/openapi.json";

/** The interactive API reference: swagger-ui, served from our own origin, reading /api/openapi.json. */
export default function DocsPage(): JSX.Element {
  return (
    <div className="api-docs">
      <header className="page-header">
        <h1>API reference</h1>
        <p className="lead">
          Every endpoint, its request, its answers and its error codes. The same document as JSON: <a href={SPEC_URL}>{SPEC_URL}</a> (OpenAPI 3.1).
        </p>
      </header>
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" precedence="default" />
      <ApiReference specUrl={SPEC_URL} />
    </div>
  );
}
