import { test, expect, Browser } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { instructorWithClass, learnerInClass, newPerson, signUp } from "./people";
import { expectNoAxeViolations } from "./helpers";

// The course materials to take home: a learner who joined a class downloads /materials, the zip
// is unpacked with `unzip`, and every page in it is opened from disk in a browser context with
// the network off, where any request other than the page's own file is recorded and aborted.
// Each page must render (a heading, text), ask for nothing else, and log no error; the index and
// the notebook must also pass axe.

const run = Date.now().toString(36);

const PAGES = [
  "exercises.html",
  "glossary.html",
  "handouts.html",
  "index.html",
  "model-reference.html",
  "notebook.html",
];

test("the course materials download as one zip whose pages open offline", async ({ browser, request }) => {
  test.setTimeout(240_000);

  // Nobody signed in, and an account in no class, get no materials.
  expect((await request.get("/materials")).status()).toBe(401);
  const loner = await newPerson(browser);
  await signUp(loner, `loner.${run}`);
  const refused = await loner.request.get("/materials");
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("Join a class");

  // A learner of a class downloads the zip.
  const { classUrl, code } = await instructorWithClass(browser, run, `Materials ${run}`);
  const learner = await learnerInClass(browser, `mara.${run}`, code, classUrl);
  const response = await learner.request.get("/materials");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-type"]).toBe("application/zip");
  expect(headers["content-disposition"]).toMatch(/^attachment; filename="rmm-course-materials-[^"]+\.zip"$/);

  const folder = mkdtempSync(join(tmpdir(), "rmm-materials-"));
  try {
    const zipPath = join(folder, "materials.zip");
    writeFileSync(zipPath, await response.body());
    execFileSync("/usr/bin/unzip", ["-q", zipPath, "-d", folder]);
    const root = join(folder, "rmm-course-materials");
    const files = readdirSync(root).sort();
    expect(files).toEqual([...PAGES, "README.txt"].sort());

    for (const name of PAGES) {
      await expectOpensOffline(browser, join(root, name), name === "index.html" || name === "notebook.html");
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/** Opens `file` from disk with the network off and checks that it renders on its own. */
async function expectOpensOffline(browser: Browser, file: string, withAxe: boolean) {
  const ownUrl = pathToFileURL(file).href;
  const withoutFragment = (url: string) => url.split("#")[0];
  const context = await browser.newContext({ offline: true });
  const outside: string[] = [];
  await context.route("**/*", async (route) => {
    const url = withoutFragment(route.request().url());
    if (url === ownUrl) {
      await route.continue();
    } else {
      outside.push(`routed: ${url}`);
      await route.abort();
    }
  });
  const page = await context.newPage();
  const failed: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    const url = withoutFragment(r.url());
    if (url !== ownUrl && !url.startsWith("data:")) outside.push(`requested: ${url}`);
  });
  page.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto(ownUrl);
  await page.waitForLoadState("load");

  const heading = page.locator("h1");
  await expect(heading, `${file} has one h1`).toHaveCount(1);
  expect((await heading.innerText()).trim(), `${file} has a heading`).not.toBe("");
  const text = (await page.locator("main").innerText()).trim();
  expect(text.length, `${file} has text`).toBeGreaterThan(100);
  await expect(page.locator("script")).toHaveCount(0);
  await expect(page.locator('nav a[href="index.html"]')).toHaveCount(1);
  // The inline stylesheet applied: the page is not the browser's default serif layout.
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(font).toContain("system-ui");

  if (withAxe) await expectNoAxeViolations(page);

  expect(outside, `requests leaving ${file}`).toEqual([]);
  expect(failed, `failed requests of ${file}`).toEqual([]);
  expect(errors, `console errors on ${file}`).toEqual([]);
  await context.close();
}
