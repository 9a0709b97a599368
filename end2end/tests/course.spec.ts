import { test, expect } from "@playwright/test";
import { openHydrated } from "./helpers";

test("search from the header gives ranked, highlighted results", async ({ page }) => {
  await openHydrated(page, "/");
  await page.getByRole("searchbox", { name: "Search the course" }).fill("incident");
  await page.getByRole("searchbox", { name: "Search the course" }).press("Enter");
  await expect(page).toHaveURL(/\/search\?q=incident$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^\d+ results? for “incident”$/);
  const hits = page.locator(".search-hit");
  expect(await hits.count()).toBeGreaterThan(5);
  await expect(hits.first().locator("mark").first()).toHaveText(/^incident/i);
  await hits.first().getByRole("link").click();
  await expect(page).not.toHaveURL(/\/search/);
});

test("the notebook prints to a PDF with at least one page per slide", async ({ page, request }) => {
  test.setTimeout(180_000);
  const health = await (await request.get("/healthz")).json();
  const slides: number = health.content.slides;
  expect(slides).toBeGreaterThanOrEqual(150);
  await page.goto("/notebook");
  await expect(page.locator(".handout-slide")).toHaveCount(slides);
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  const text = pdf.toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  console.log(`notebook: ${slides} slides printed on ${pages} PDF pages (${pdf.length} bytes)`);
  expect(pages).toBeGreaterThanOrEqual(slides);
});

test("handouts are listed and each one prints on one or two pages", async ({ page }) => {
  await openHydrated(page, "/handouts");
  const links = page.locator(".handout-list a");
  await expect(links).toHaveCount(6);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const pdf = await page.pdf({ format: "A4" });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
    console.log(`${href}: ${pages} page(s)`);
    expect(pages, `${href} prints on one or two pages`).toBeLessThanOrEqual(2);
    expect(pages).toBeGreaterThanOrEqual(1);
  }
});

test("a signed-in learner's progress is kept and offers to continue where they left off", async ({ page }) => {
  const username = `reader.${Date.now().toString(36)}`;
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Your name, as others see it").fill("Reader");
  await page.getByLabel("Password").fill("a long test password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/classes$/);

  await openHydrated(page, "/modules/operational-risk/lesson");
  await openHydrated(page, "/modules/operational-risk/slides/1");
  for (const n of [2, 3]) {
    await page.keyboard.press("ArrowRight");
    await expect(page).toHaveURL(new RegExp(`/slides/${n}$`));
  }
  // Recording happens in the background; the home page reads it from the server. The lesson
  // counts half, 3 of 11 slides the other half: (1 + 3/11) / 2 ≈ 64%.
  await expect
    .poll(async () => {
      await page.goto("/");
      return page.getByRole("link", { name: /Continue where you left off/ }).getAttribute("href");
    })
    .toBe("/modules/operational-risk/slides/3");
  await page.getByText("Progress by module").click();
  await expect(page.getByRole("progressbar", { name: /Operational risk and disruption: 64% done/ })).toBeVisible();
});
