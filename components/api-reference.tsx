"use client";

import { useEffect, useRef, useState, type JSX } from "react";
import { repairReferenceMarkup, swaggerLayoutPlugin, type SwaggerSystem } from "./api-reference-markup";

const BUNDLE_URL = "/docs/assets/swagger-ui-bundle.js";

interface SwaggerBundle {
  (options: Record<string, unknown>): unknown;
  presets: { apis: unknown };
}

declare global {
  interface Window {
    SwaggerUIBundle?: SwaggerBundle;
  }
}

/** The bundle, once per page; a script a trusted script adds is allowed by the CSP's 'strict-dynamic'. */
function loadBundle(): Promise<SwaggerBundle> {
  if (window.SwaggerUIBundle) return Promise.resolve(window.SwaggerUIBundle);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = BUNDLE_URL;
    script.async = true;
    script.onload = () => (window.SwaggerUIBundle ? resolve(window.SwaggerUIBundle) : reject(new Error("no SwaggerUIBundle")));
    script.onerror = () => reject(new Error(`could not load ${BUNDLE_URL}`));
    document.head.append(script);
  });
}

/**
 * swagger-ui, started only after React has hydrated the page: its container is an element React renders
 * empty and never touches again, so what swagger-ui draws into it can never disagree with the server's
 * HTML (a deferred script filling it before hydration made React throw #418 and left it blank).
 */
export function ApiReference({ specUrl }: { specUrl: string }): JSX.Element {
  const containerRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let isCurrent = true;
    const observer = new MutationObserver(() => repairReferenceMarkup(container));
    observer.observe(container, { childList: true, subtree: true });
    loadBundle()
      .then((SwaggerUIBundle) => {
        if (!isCurrent) return;
        SwaggerUIBundle({
          url: specUrl,
          domNode: container,
          presets: [SwaggerUIBundle.presets.apis],
          plugins: [(system: SwaggerSystem) => swaggerLayoutPlugin(system)],
          layout: "KeystoneLayout",
          // Deep links put a link inside each operation's toggle button (nested interactive controls).
          deepLinking: false,
          validatorUrl: null,
          persistAuthorization: false,
          defaultModelsExpandDepth: 0,
          onComplete: () => {
            repairReferenceMarkup(container);
            if (isCurrent) setStatus("ready");
          },
        });
      })
      .catch(() => {
        if (isCurrent) setStatus("failed");
      });
    return () => {
      isCurrent = false;
      observer.disconnect();
    };
  }, [specUrl]);

  return (
    <>
      {status === "loading" ? (
        <p className="muted" role="status">
          Loading the reference…
        </p>
      ) : null}
      {status === "failed" ? (
        <p className="alert alert-error" role="alert">
          The interactive reference could not be loaded. The document itself is at <a href={specUrl}>{specUrl}</a>.
        </p>
      ) : null}
      <div ref={containerRef} className="api-reference" data-status={status} />
    </>
  );
}
