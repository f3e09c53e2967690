import type { ComponentType, createElement as CreateElement } from "react";

/** The part of swagger-ui's plugin system this page uses. */
export interface SwaggerSystem {
  React: { createElement: typeof CreateElement };
}

interface LayoutProps {
  getComponent: (name: string, isContainer?: boolean) => ComponentType<Record<string, unknown>>;
  specSelectors: { loadingStatus: () => string; servers: () => { size: number } | undefined; securityDefinitions: () => unknown };
}

/**
 * swagger-ui's BaseLayout for an OpenAPI 3.1 document, without its `<main id="operations">`: the page's
 * own `<main>` already holds the reference, and a second one nested in it is a landmark error.
 */
export function swaggerLayoutPlugin(system: SwaggerSystem): { components: Record<string, ComponentType<LayoutProps>> } {
  const h = system.React.createElement;
  function KeystoneLayout({ getComponent, specSelectors }: LayoutProps) {
    const status = specSelectors.loadingStatus();
    if (status === "loading") return h("p", { className: "loading-container" }, "Loading the API document…");
    if (status !== "success") return h("p", { className: "loading-container" }, "The API document could not be loaded.");
    const [Info, Servers, Authorize, Filter, Operations, Models, Errors] = [
      getComponent("InfoContainer", true),
      getComponent("ServersContainer", true),
      getComponent("AuthorizeBtnContainer", true),
      getComponent("FilterContainer", true),
      getComponent("operations", true),
      getComponent("Models", true),
      getComponent("errors", true),
    ];
    const hasServers = (specSelectors.servers()?.size ?? 0) > 0;
    return h(
      "div",
      { className: "swagger-ui" },
      h(getComponent("SvgAssets")),
      h(Errors),
      h("div", { className: "information-container wrapper" }, h(Info)),
      h(
        "div",
        { className: "scheme-container" },
        h("div", { className: "schemes wrapper" }, hasServers ? h("div", { className: "schemes-server-container" }, h(Servers)) : null, specSelectors.securityDefinitions() ? h(Authorize) : null),
      ),
      h(Filter),
      h("div", { id: "operations", className: "wrapper" }, h(Operations), h(Models)),
    );
  }
  return { components: { KeystoneLayout } };
}

/**
 * What CSS cannot fix in the markup swagger-ui draws, applied again whenever it draws more: every select
 * gets a name, and the document's title sits under the page's own h1 as a level-2 heading (the tags below
 * it are h3).
 */
export function repairReferenceMarkup(root: HTMLElement): void {
  for (const select of root.querySelectorAll("select")) {
    if (select.hasAttribute("aria-label")) continue;
    const name = select.id === "servers" ? "Server" : select.classList.contains("examples-select-element") ? "Example" : "Media type";
    select.setAttribute("aria-label", name);
  }
  for (const title of root.querySelectorAll(".info h1.title, .info h2.title")) {
    if (title.getAttribute("aria-level") !== "2") title.setAttribute("aria-level", "2");
  }
}
