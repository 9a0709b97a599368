import { test, expect } from "@playwright/test";
import { openHydrated } from "./helpers";

test("home → module → lesson → slides by keyboard → presenter view in step", async ({ page, context }) => {
  await openHydrated(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("CERT Resilience Management Model");
  await expect(page.getByRole("heading", { name: /Day 1/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Day 2/ })).toBeVisible();

  // Client-side navigation from the home page to the first module and its lesson.
  await page.getByRole("link", { name: /^1\. / }).click();
  await expect(page).toHaveURL(/\/modules\/welcome$/);
  await expect(page.getByRole("heading", { level: 2, name: "Objectives" })).toBeVisible();
  await page.getByRole("link", { name: "Read the lesson" }).click();
  await expect(page).toHaveURL(/\/modules\/welcome\/lesson$/);
  await expect(page.getByRole("navigation", { name: "On this page" })).toBeVisible();

  await page.getByRole("link", { name: "View this module's slides" }).click();
  await expect(page).toHaveURL(/\/slides\/1$/);
  const counter = page.locator(".slide-viewer .slide-count");
  await expect(counter).toHaveText(/^Slide 1 of \d+$/);
  const total = Number((await counter.textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(10);

  // Every documented key moves the deck and the URL.
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/\/slides\/2$/);
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/\/slides\/3$/);
  await page.keyboard.press("PageDown");
  await expect(page).toHaveURL(/\/slides\/4$/);
  await page.keyboard.press("PageUp");
  await expect(page).toHaveURL(/\/slides\/3$/);
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(/\/slides\/2$/);
  await page.keyboard.press("End");
  await expect(page).toHaveURL(new RegExp(`/slides/${total}$`));
  await page.keyboard.press("ArrowRight"); // past the end: stays
  await expect(page).toHaveURL(new RegExp(`/slides/${total}$`));
  await page.keyboard.press("Home");
  await expect(page).toHaveURL(/\/slides\/1$/);

  // A click on the slide advances it.
  await page.locator(".slide-stage").click({ position: { x: 20, y: 20 } });
  await expect(page).toHaveURL(/\/slides\/2$/);

  // S opens the presenter view in a second window, on the same slide, with notes and a timer.
  const popupPromise = context.waitForEvent("page");
  await page.keyboard.press("s");
  const presenter = await popupPromise;
  await expect(presenter).toHaveURL(/\/modules\/welcome\/presenter\/2$/);
  await expect(presenter.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(presenter.getByRole("heading", { name: "Speaker notes" })).toBeVisible();
  await expect(presenter.locator(".presenter-notes .notes")).not.toBeEmpty();
  await expect(presenter.getByRole("timer")).toHaveText(/^\d\d:\d\d$/);

  // The two windows stay in step, whichever one moves.
  await page.bringToFront();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/\/slides\/3$/);
  await expect(presenter).toHaveURL(/\/presenter\/3$/);
  await presenter.bringToFront();
  await presenter.keyboard.press("ArrowRight");
  await expect(presenter).toHaveURL(/\/presenter\/4$/);
  await expect(page).toHaveURL(/\/slides\/4$/);
  await expect(page.locator(".slide-viewer .slide-count")).toHaveText(`Slide 4 of ${total}`);
});

test("model pages list 26 process areas and answer case-insensitively", async ({ page }) => {
  await openHydrated(page, "/model");
  await expect(page.locator(".pa-list li")).toHaveCount(26);
  await page.getByRole("link", { name: /IMC Incident Management and Control/ }).click();
  await expect(page).toHaveURL(/\/model\/IMC$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Incident Management and Control");
  await openHydrated(page, "/model/imc");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Incident Management and Control");
});

test("an unknown address shows a not-found page with status 404", async ({ page }) => {
  const response = await page.goto("/modules/no-such-module");
  expect(response!.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});
