import { test, expect } from "@playwright/test";

// This project runs with JavaScript disabled: everything here must work from server-rendered HTML.

test("a lesson reads completely without JavaScript", async ({ page }) => {
  await page.goto("/modules/welcome/lesson");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const toc = page.getByRole("navigation", { name: "On this page" });
  await expect(toc.getByRole("link").first()).toBeVisible();
  const words = (await page.locator(".lesson .prose").innerText()).split(/\s+/).length;
  expect(words).toBeGreaterThan(500);
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
});

test("slides move with plain links without JavaScript", async ({ page }) => {
  await page.goto("/modules/welcome/slides/1");
  await expect(page.locator(".slide-count")).toHaveText(/^Slide 1 of \d+$/);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/slides\/2$/);
  await expect(page.locator(".slide-count")).toHaveText(/^Slide 2 of \d+$/);
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/\/slides\/1$/);
});

test("the home page shows both days' agenda without JavaScript", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("table", { name: "Agenda of day 1" })).toContainText("08:30");
  await expect(page.getByRole("table", { name: "Agenda of day 2" })).toContainText("16:30");
});

test("search works without JavaScript", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search the course" }).fill("capability level");
  await page.getByRole("button", { name: "Search" }).first().click();
  await expect(page).toHaveURL(/\/search\?q=capability\+level$/);
  await expect(page.locator(".search-hit").first()).toBeVisible();
  await expect(page.locator(".search-hit mark").first()).toBeVisible();
});
