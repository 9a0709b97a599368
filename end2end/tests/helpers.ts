import { Browser, Page, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Opens a path and waits until the WebAssembly has hydrated the page. */
export async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Runs axe with the WCAG 2.1 A and AA rules and expects no violation. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * axe on `path` as a reader without JavaScript gets it: the server's HTML with every script
 * removed (axe itself needs JavaScript, so the page is served that way instead of switching
 * JavaScript off, which would stop axe too). The reader's cookies come along.
 */
export async function axeWithoutJavaScript(browser: Browser, page: Page, path: string) {
  const context = await browser.newContext();
  await context.addCookies(await page.context().cookies());
  const plain = await context.newPage();
  const served = await plain.request.get(path);
  expect(served.status(), path).toBe(200);
  const html = (await served.text())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link[^>]+rel="modulepreload"[^>]*>/gi, "");
  expect(html).not.toContain("<script");
  // A predicate, not a glob: in a glob the `?` of a query would not match itself.
  await plain.route(
    (url) => url.pathname + url.search === path,
    (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
  await plain.goto(path);
  await expectNoAxeViolations(plain);
  await context.close();
}
