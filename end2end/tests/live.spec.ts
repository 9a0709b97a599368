import { test, expect, Browser, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";

// An instructor and three learners, each in a browser context of their own (separate cookies),
// run a live session: learners join by code, every screen follows the slides, one learner steps
// away and re-joins, and a pushed lesson opens for everyone.

const run = Date.now().toString(36);
const PASSWORD = "a long test password";

async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function signUp(page: Page, username: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Your name, as others see it").fill(`Person ${username}`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/classes$/);
}

async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("an instructor drives three learners' screens live", async ({ browser }) => {
  test.setTimeout(120_000);
  // An administrator from the command line, as an operator would create one.
  execFileSync("../target/debug/server", ["create-admin", "--username", `admin.${run}`, "--display-name", "Admin"], {
    env: { ...process.env, DATABASE_URL: "sqlite://../target/e2e/e2e.db", ADMIN_PASSWORD: PASSWORD },
  });

  // The instructor signs up; the administrator makes them an instructor.
  const instructor = await newPerson(browser);
  await signUp(instructor, `teacher.${run}`);
  const admin = await newPerson(browser);
  await admin.goto("/sign-in");
  await admin.getByLabel("Username").fill(`admin.${run}`);
  await admin.getByLabel("Password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.goto("/admin/users");
  await admin.getByLabel(`Role of Person teacher.${run}`).selectOption("instructor");
  await admin.getByRole("row", { name: new RegExp(`teacher\\.${run}`) }).getByRole("button", { name: "Change role" }).click();
  await expect(admin.getByLabel(`Role of Person teacher.${run}`)).toHaveValue("instructor");

  // The instructor opens a class and reads its join code.
  await instructor.goto("/classes");
  await instructor.getByLabel("Name").fill(`Live class ${run}`);
  await instructor.getByLabel("First day").fill("2026-12-01");
  await instructor.getByLabel("Last day").fill("2026-12-02");
  await instructor.getByRole("button", { name: "Open class", exact: true }).click();
  await expect(instructor).toHaveURL(/\/classes\/\d+$/);
  const classUrl = new URL(instructor.url()).pathname;
  const code = (await instructor.locator(".join-code").textContent())!.trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  // Three learners sign up and join by code.
  const learners: Page[] = [];
  for (const name of ["ana", "ben", "chen"]) {
    const learner = await newPerson(browser);
    await signUp(learner, `${name}.${run}`);
    await learner.goto("/join");
    await learner.getByLabel("Join code from your instructor").fill(code.toLowerCase());
    await learner.getByRole("button", { name: "Join" }).click();
    await expect(learner).toHaveURL(new RegExp(`${classUrl}$`));
    await learner.getByRole("link", { name: "Open the live session" }).click();
    await expect(learner).toHaveURL(new RegExp(`${classUrl}/live$`));
    await hydrated(learner);
    learners.push(learner);
  }
  await instructor.reload();
  await expect(instructor.getByRole("table")).toContainText(`chen.${run}`);

  // The instructor starts the session and advances two slides; every learner follows.
  await instructor.goto(`${classUrl}/live`);
  await hydrated(instructor);
  await instructor.getByRole("button", { name: "Start live session" }).click();
  for (const learner of learners) {
    await expect(learner.locator(".live-status")).toContainText("Live now");
  }
  await instructor.getByRole("button", { name: "Next slide →" }).click();
  await expect(instructor.locator(".live-slide-count")).toHaveText(/^Slide 2 of \d+$/);
  await instructor.getByRole("button", { name: "Next slide →" }).click();
  for (const learner of learners) {
    await expect(learner.locator(".live-slide-count")).toHaveText(/^Slide 3 of \d+$/);
  }

  // One learner steps away to browse; the class moves on; one click brings them back to it.
  const [away, ...others] = learners;
  await away.getByRole("link", { name: "Step away and browse" }).click();
  await expect(away).toHaveURL(/\/modules\/welcome$/);
  await instructor.keyboard.press("ArrowRight");
  for (const learner of others) {
    await expect(learner.locator(".live-slide-count")).toHaveText(/^Slide 4 of \d+$/);
  }
  await away.getByRole("link", { name: /Re-join live/ }).click();
  await expect(away).toHaveURL(new RegExp(`${classUrl}/live$`));
  await expect(away.locator(".live-slide-count")).toHaveText(/^Slide 4 of \d+$/);

  // A pushed lesson opens for everyone.
  await hydrated(away);
  await instructor.getByRole("button", { name: "Open the lesson for everyone" }).click();
  for (const learner of learners) {
    await expect(learner).toHaveURL(/\/modules\/welcome\/lesson$/);
  }
  await expect(instructor).toHaveURL(new RegExp(`${classUrl}/live$`));
});
