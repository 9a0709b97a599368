import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, learnerInClass } from "./people";
import { expectNoAxeViolations } from "./helpers";

// The live room with an instructor and three learners. A quick check written into the welcome
// module's deck runs: the instructor opens it from the slide, the learners answer on their own
// screens (one changes their mind), the instructor's counts show the three answers, the results
// go to the room, and the correct answer is revealed. Then a learner's question gets two upvotes
// and is marked answered, and a raised hand shows on the instructor's screen until it expires.

const run = Date.now().toString(36);

test("a quick check runs, a question is upvoted and answered, and a raised hand expires", async ({ browser }) => {
  test.setTimeout(150_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Checks ${run}`);
  const learners: Page[] = [];
  for (const name of ["ana", "ben", "chen"]) {
    const learner = await learnerInClass(browser, `${name}.${run}`, code, classUrl);
    await learner.goto(`${classUrl}/live`);
    await hydrated(learner);
    learners.push(learner);
  }

  await instructor.goto(`${classUrl}/live`);
  await hydrated(instructor);
  await instructor.getByRole("button", { name: "Start live session" }).click();
  for (const learner of learners) {
    await expect(learner.locator(".live-status")).toContainText("Live now");
  }
  // Forward to the slide that holds the module's quick check.
  const runButton = instructor.getByRole("button", { name: "Run this slide's quick check" });
  for (let step = 0; step < 30 && !(await runButton.isVisible()); step++) {
    await instructor.getByRole("button", { name: "Next slide →" }).click();
    await instructor.waitForTimeout(150);
  }
  await runButton.click();

  // Each learner sees the question and answers; Ben first picks a wrong option, then the right
  // one.
  const right = "Someone managing dispensing as one service across the silos";
  const wrong = "A newer backup system";
  for (const [index, learner] of learners.entries()) {
    const check = learner.locator("#quick-check");
    await expect(check).toContainText("What was mainly missing?");
    await check.getByLabel(index === 2 ? wrong : right).check();
    await check.getByRole("button", { name: "Send my answer" }).click();
    await expect(check.locator(".check-mine")).toContainText("Your answer:");
  }
  const chensCheck = learners[2].locator("#quick-check");
  await chensCheck.getByLabel(right).check();
  await chensCheck.getByRole("button", { name: "Change my answer" }).click();
  await expect(chensCheck.locator(".check-mine")).toContainText(right);

  // The presenter's counts show the three answers as they arrive; learners see no results yet.
  await expect(instructor.locator(".presenter-counts")).toContainText("3 answers");
  await expect(learners[0].locator("#quick-check .check-results")).toHaveCount(0);
  await expectNoAxeViolations(instructor);

  // Results to the room, then the correct answer.
  await instructor.getByRole("button", { name: "Close the check" }).click();
  await instructor.getByRole("button", { name: "Show the results to the room" }).click();
  for (const learner of learners) {
    await expect(learner.locator("#quick-check .check-results")).toContainText("3 answers");
  }
  await instructor.getByRole("button", { name: "Reveal the correct answer" }).click();
  for (const learner of learners) {
    await expect(learner.locator("#quick-check .check-verdict")).toHaveText("Your answer is correct.");
    await expect(learner.locator("#quick-check .check-results")).toContainText("(correct)");
  }
  await expectNoAxeViolations(learners[0]);

  // A question, upvoted by the two others, and marked answered by the instructor. Peers do not
  // see who asked.
  const [ana, ben, chen] = learners;
  await ana.getByLabel("Your question").fill("Does a **managed** process need a written policy?");
  await ana.getByRole("button", { name: "Post question" }).click();
  for (const peer of [ben, chen]) {
    const question = peer.locator(".question-list .question").filter({ hasText: "written policy" });
    await expect(question).toBeVisible({ timeout: 15_000 });
    await expect(question).not.toContainText(`ana.${run}`);
    await question.getByRole("button", { name: "Upvote" }).click();
    await expect(question).toContainText("You upvoted this.");
  }
  const asked = instructor.locator(".room-controls .question").filter({ hasText: "written policy" });
  await expect(asked).toContainText("2 upvotes");
  await expect(asked).toContainText(`Person ana.${run}`);
  await asked.getByRole("button", { name: "Mark answered" }).click();
  await expect(ana.locator(".question-list .question").filter({ hasText: "written policy" }))
    .toContainText("Answered", { timeout: 15_000 });

  // A raised hand: the instructor sees the name; it lowers itself (15 s here).
  await ben.getByRole("button", { name: "Raise hand" }).click();
  await expect(instructor.locator(".signal-hands")).toHaveText(`Hands up: Person ben.${run}`);
  await expectNoAxeViolations(instructor);
  await expectNoAxeViolations(ben);
  await expect(instructor.locator(".signal-hands")).toHaveText("No hands up.", { timeout: 30_000 });

  // After class: the record of the session, with the check's results and the question.
  await instructor.goto(`${classUrl}/live/record`);
  await expect(instructor.locator("h1")).toContainText("record of the live sessions");
  await expect(instructor.locator(".record-checks")).toContainText("What was mainly missing?");
  await expect(instructor.locator(".record-questions")).toContainText("written policy");
  await expectNoAxeViolations(instructor);
});
