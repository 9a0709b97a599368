import { test, expect, Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { hydrated, instructorWithClass, learnerInClass } from "./people";
import { expectNoAxeViolations } from "./helpers";

// An instructor pushes an exercise to a live class; three learners answer (one reloads half-way
// and finds the answers kept); the instructor grades an essay with the rubric and releases the
// results; the learners see scores and feedback; the gradebook CSV holds the expected rows.

const run = Date.now().toString(36);
const EXERCISE = "meridian-sponsorship-plan";
const RIGHT = "The chief operating officer";

test("an exercise is pushed, answered, graded, released and exported", async ({ browser }) => {
  test.setTimeout(180_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Exercise class ${run}`);
  const classId = classUrl.split("/").pop();

  const learners: Page[] = [];
  for (const name of ["ana", "ben", "chen"]) {
    const learner = await learnerInClass(browser, `${name}.${run}`, code, classUrl);
    await learner.goto(`${classUrl}/live`);
    await hydrated(learner);
    learners.push(learner);
  }
  const [ana, ben, chen] = learners;

  // The instructor opens the exercise for answers, then pushes it to everyone in the live session.
  await instructor.goto(`${classUrl}/exercises/${EXERCISE}`);
  await instructor.getByRole("button", { name: "Open for answers" }).click();
  await instructor.goto(`${classUrl}/live`);
  await hydrated(instructor);
  await instructor.getByRole("button", { name: "Start live session" }).click();
  await instructor.getByLabel("Exercise").selectOption(EXERCISE);
  await instructor.getByRole("button", { name: "Open the exercise for everyone" }).click();
  for (const learner of learners) {
    await expect(learner).toHaveURL(new RegExp(`/exercises/${EXERCISE}\\?class=${classId}$`));
    await hydrated(learner);
  }

  // Ana and Chen answer the first question right; Ben answers it wrong and writes the essay,
  // reloads half-way, and finds both answers kept by autosave.
  await ana.getByLabel(RIGHT).check();
  await chen.getByLabel(RIGHT).check();
  await ben.getByLabel("The chief information officer").check();
  const essay = "I would ask the **COO** to sponsor the work, because dispatch is theirs.";
  await ben.getByLabel(/Your answer \(Markdown/).fill(essay);
  await expect(ben.locator(".autosave")).toHaveText("All answers saved.");
  await ben.reload();
  await hydrated(ben);
  await expect(ben.getByLabel(/Your answer \(Markdown/)).toHaveValue(essay);
  await expect(ben.getByLabel("The chief information officer")).toBeChecked();

  for (const learner of learners) {
    await expect(learner.locator(".autosave")).not.toHaveText("Saving…");
    await learner.getByRole("button", { name: "Submit answers" }).click();
    await expect(learner.getByRole("status").first()).toContainText("Your answers are submitted.");
    await expect(learner.getByText(/results not released yet/)).toBeVisible();
  }

  // The live distribution shows the class's answers.
  await instructor.goto(`${classUrl}/exercises/${EXERCISE}`);
  await expect(instructor.getByText("3 of 3 learners submitted")).toBeVisible();
  await expectNoAxeViolations(instructor);

  // The instructor grades Ben's essay with the rubric: the top level of every criterion.
  await instructor.goto(`${classUrl}/grading`);
  const task = instructor.getByRole("region", { name: new RegExp(`by Person ben\\.${run}`) });
  await expect(task).toContainText("COO");
  await expectNoAxeViolations(instructor);
  const criteria = task.locator("fieldset");
  const count = await criteria.count();
  expect(count).toBe(4);
  for (let i = 0; i < count; i++) {
    await criteria.nth(i).locator("input[type=radio]").last().check();
  }
  await task.getByLabel("Comment for the learner (Markdown)").fill("A clear sponsor with a reason.");
  await task.getByRole("button", { name: "Save grade" }).click();
  await expect(instructor.getByText("Nothing waits for a grade.")).toBeVisible();

  // Release; the learners see their scores, the key's explanations, and Ben his feedback.
  await instructor.goto(`${classUrl}/exercises/${EXERCISE}`);
  await instructor.getByRole("button", { name: "Release results" }).click();
  await ana.reload();
  await expect(ana.getByRole("heading", { name: "Question 1: 1 of 1 points" })).toBeVisible();
  await expect(ana.getByText(/Attempt 1, .*: 1 of 25 points/)).toBeVisible();
  await ben.reload();
  await expect(ben.getByRole("heading", { name: "Question 1: 0 of 1 points" })).toBeVisible();
  await expect(ben.getByRole("heading", { name: "Question 6: 9 of 9 points" })).toBeVisible();
  await expect(ben.getByText("A clear sponsor with a reason.")).toBeVisible();
  await expect(ben.getByText(/owns the outcome/).first()).toBeVisible();
  await expectNoAxeViolations(ben);

  // The gradebook's CSV: a header, then one row per learner with the expected points.
  await instructor.goto(`${classUrl}/gradebook`);
  await expectNoAxeViolations(instructor);
  const [download] = await Promise.all([
    instructor.waitForEvent("download"),
    instructor.getByRole("link", { name: "Download gradebook (CSV)" }).click(),
  ]);
  const csv = readFileSync((await download.path())!, "utf8");
  const rows = csv.trim().split("\r\n");
  expect(rows[0]).toMatch(/^learner,username,meridian-friday,.*,meridian-sponsorship-plan,first-improvement-plan-outline,knowledge-check,total$/);
  // The exercise's own column, found by its header, and the total.
  const column = rows[0].split(",").indexOf("meridian-sponsorship-plan");
  const points = (name: string) => {
    const row = rows.find((r) => r.startsWith(`Person ${name}.${run},`));
    expect(row, `a row for ${name}`).toBeTruthy();
    const cells = row!.split(",");
    return [cells[column], cells[cells.length - 1]];
  };
  expect(points("ana")).toEqual(["1", "1"]);
  expect(points("ben")).toEqual(["9", "9"]);
  expect(points("chen")).toEqual(["1", "1"]);
  expect(rows.length).toBe(4);
});
