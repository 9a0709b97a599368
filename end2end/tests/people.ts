import { Browser, Page, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";

// People for the multi-person tests: each in a browser context of their own (separate cookies).

export const PASSWORD = "a long test password";

export async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  return context.newPage();
}

export async function signUp(page: Page, username: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Your name, as others see it").fill(`Person ${username}`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/classes$/);
}

export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/**
 * An instructor (signed up, then promoted by an administrator created on the command line, as an
 * operator would) who opens a class. Returns the instructor's page, the class path and its code.
 */
export async function instructorWithClass(
  browser: Browser,
  run: string,
  className: string,
  days: [string, string] = ["2026-12-01", "2026-12-02"],
): Promise<{ instructor: Page; classUrl: string; code: string; admin: Page }> {
  execFileSync("../target/debug/server", ["create-admin", "--username", `admin.${run}`, "--display-name", "Admin"], {
    env: { ...process.env, DATABASE_URL: "sqlite://../target/e2e/e2e.db", ADMIN_PASSWORD: PASSWORD },
  });
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

  await instructor.goto("/classes");
  await instructor.getByLabel("Name").fill(className);
  await instructor.getByLabel("First day").fill(days[0]);
  await instructor.getByLabel("Last day").fill(days[1]);
  await instructor.getByRole("button", { name: "Open class", exact: true }).click();
  await expect(instructor).toHaveURL(/\/classes\/\d+$/);
  const classUrl = new URL(instructor.url()).pathname;
  const code = (await instructor.locator(".join-code").textContent())!.trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return { instructor, classUrl, code, admin };
}

/** A learner who signs up and joins the class by its code. */
export async function learnerInClass(browser: Browser, username: string, code: string, classUrl: string): Promise<Page> {
  const learner = await newPerson(browser);
  await signUp(learner, username);
  await learner.goto("/join");
  await learner.getByLabel("Join code from your instructor").fill(code.toLowerCase());
  await learner.getByRole("button", { name: "Join" }).click();
  await expect(learner).toHaveURL(new RegExp(`${classUrl}$`));
  return learner;
}
