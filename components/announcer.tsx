"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type JSX } from "react";

const EVENT = "keystone:announce";

/**
 * Tells screen-reader users what just happened ("Password changed"), through the one polite live region
 * that stays on every page (a region inserted together with its text is often not read at all).
 */
export function announce(message: string): void {
  window.dispatchEvent(new CustomEvent<string>(EVENT, { detail: message }));
}

/**
 * The page-wide live region, and focus after client-side navigation: focus moves to the new page's
 * heading, or to the element it marks `data-arrival-focus` (so keyboard and screen-reader users start at
 * the top of what changed, not at a control of the page they left), and a notice the page shows on arrival (marked `data-page-notice`, such as
 * "You signed out") is announced. Next's own route announcer already reads the page title.
 */
export function Announcer(): JSX.Element {
  const pathname = usePathname();
  const [message, setMessage] = useState("");
  const isFirstRender = useRef(true);

  useEffect(() => {
    const onAnnounce = (event: Event): void => {
      const text = (event as CustomEvent<string>).detail;
      // Cleared first, so the same words said twice are read twice.
      setMessage("");
      window.setTimeout(() => setMessage(text), 50);
    };
    window.addEventListener(EVENT, onAnnounce);
    return () => window.removeEventListener(EVENT, onAnnounce);
  }, []);

  useEffect(() => {
    if (isFirstRender.current) {
      isFirstRender.current = false;
      return;
    }
    const main = document.getElementById("main");
    // A page sent here for one thing marks where to start instead (data-arrival-focus).
    const heading = main?.querySelector<HTMLElement>("[data-arrival-focus]") ?? main?.querySelector<HTMLElement>("h1") ?? main;
    if (heading && !heading.contains(document.activeElement)) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    const notice = main?.querySelector("[data-page-notice]")?.textContent?.trim();
    setMessage(notice ?? "");
  }, [pathname]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {message}
    </div>
  );
}
