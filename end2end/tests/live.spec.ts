import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, learnerInClass } from "./people";

// An instructor and three learners, each in a browser context of their own (separate cookies),
// run a live session: learners join by code, every screen follows the slides, one learner steps
// away and re-joins, and a pushed lesson opens for everyone.

const run = Date.now().toString(36);

test("an instructor drives three learners' screens live", async ({ browser }) => {
  test.setTimeout(120_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Live class ${run}`);

  // Three learners sign up and join by code.
  const learners: Page[] = [];
  for (const name of ["ana", "ben", "chen"]) {
    const learner = await learnerInClass(browser, `${name}.${run}`, code, classUrl);
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
