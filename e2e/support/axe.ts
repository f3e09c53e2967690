import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe-core on the page once it has settled; a failure lists each rule with the elements it found.
 * After a client-side navigation Next commits the new page's body before its <title> (the metadata
 * streams in its own boundary), so for a few milliseconds document.title is "": the check waits for a
 * title first, and a page that never gets one still fails here.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  await expect(page, `${label} has a title`).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((violation) => `${violation.impact} ${violation.id} (${violation.nodes.length}): ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", ")}`);
  expect(found, `axe on ${label}`).toEqual([]);
}
