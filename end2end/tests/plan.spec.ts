import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, learnerInClass } from "./people";
import { axeWithoutJavaScript, expectNoAxeViolations } from "./helpers";

// From the appraisal to an improvement plan. A learner rates every practice PI and saves a
// snapshot; raises three practices to FI and submits; sets a target, sees what blocks it, builds
// a roadmap of three actions (autosaved, then kept across a reload), saves a second snapshot and
// compares the two. The CSF projection renders; the instructor sees the roadmap among the class's
// plans; axe checks the new pages, and the crosswalk browser again as served without JavaScript.

const run = Date.now().toString(36);
const RAISED = ["IMC:SG1.SP1", "IMC:SG1.SP2", "VAR:SG1.SP1"];

async function rateEvery(page: Page, rating: string) {
  const selects = page.locator('select[name^="rating."]');
  const count = await selects.count();
  expect(count).toBeGreaterThan(20);
  for (let i = 0; i < count; i++) {
    await selects.nth(i).selectOption(rating);
  }
  return count;
}

async function saveSnapshot(page: Page, name: string) {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Save a snapshot" }).click();
  await expect(page.getByText("The snapshot of your ratings is saved.")).toBeVisible();
  await expect(page.locator("ul.snapshots")).toContainText(name);
}

test("a learner turns an appraisal into a roadmap and compares snapshots", async ({ browser }) => {
  test.setTimeout(240_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Plan class ${run}`);
  const classId = classUrl.split("/").pop();
  const learner = await learnerInClass(browser, `planner.${run}`, code, classUrl);
  const planUrl = `/appraisal/plan?class=${classId}`;

  // Every practice PI, autosaved; the first snapshot keeps that.
  await learner.goto(`/appraisal?class=${classId}`);
  await hydrated(learner);
  const practices = await rateEvery(learner, "PI");
  await expect(learner.locator(".autosave")).toHaveText("All ratings saved.");
  await learner.getByRole("link", { name: /Improvement plan/ }).click();
  await expect(learner).toHaveURL(new RegExp(`/appraisal/plan\\?class=${classId}`));
  await hydrated(learner);
  await saveSnapshot(learner, "day 2 morning");

  // Three practices raised to FI, then submitted.
  await learner.goto(`/appraisal?class=${classId}`);
  await hydrated(learner);
  for (const practice of RAISED) {
    await learner.locator(`select[name="rating.${practice}"]`).selectOption("FI");
  }
  await expect(learner.locator(".autosave")).toHaveText("All ratings saved.");
  await learner.getByRole("button", { name: "Submit for comparison with the key" }).click();
  await expect(learner.getByText("Your instructor will reveal the key")).toBeVisible();

  // A target for IMC, and what blocks it: the PI practices, none of the raised ones.
  await learner.goto(planUrl);
  await hydrated(learner);
  await learner.getByLabel("IMC target level").selectOption("2");
  await learner.getByRole("button", { name: "Save targets" }).click();
  await expect(learner.getByText("Your targets are saved; the gaps below use them.")).toBeVisible();
  await expect(learner.getByRole("heading", { name: "IMC: level 0 now, target 2" })).toBeVisible();
  const imcBlockers = learner.getByRole("list", { name: "What blocks the target for IMC" });
  await expect(imcBlockers.locator("li").first()).toContainText("rated PI");
  const blockerIds = (await imcBlockers.locator("li strong").allTextContents()).map((t) => t.trim());
  expect(blockerIds.length).toBeGreaterThanOrEqual(3);
  for (const raised of RAISED.filter((p) => p.startsWith("IMC"))) {
    expect(blockerIds).not.toContain(raised);
  }

  // The projection onto the CSF: one cell per category, labelled as an approximation.
  const heatmap = learner.locator("figure.csf-heatmap");
  await expect(heatmap.locator("svg[role=img] rect")).toHaveCount(22);
  await expect(heatmap.locator("figcaption")).toContainText("An approximation");

  // A roadmap of three actions, autosaved as they are typed; a reload shows them kept.
  const actions = [
    [blockerIds[0], "Write down the incident declaration criteria.", "incident manager", "30"],
    [blockerIds[1], "Run a tabletop exercise on the new criteria.", "continuity lead", "60"],
    [blockerIds[2], "Review the criteria after the first real incident.", "risk owner", "90"],
  ];
  for (const [n, [target, text, owner, horizon]] of actions.entries()) {
    await learner.locator(`#action-${n}-target`).selectOption(target);
    await learner.locator(`#action-${n}-action`).fill(text);
    await learner.locator(`#action-${n}-owner`).fill(owner);
    await learner.locator(`#action-${n}-horizon`).selectOption(horizon);
    await learner.locator(`#action-${n}-evidence`).fill("Signed minutes of the review.");
  }
  await expect(learner.locator("#roadmap .autosave")).toHaveText("Roadmap saved: 3 actions.");
  await learner.reload();
  await hydrated(learner);
  await expect(learner.getByText("3 actions saved.")).toBeVisible();
  await expect(learner.locator("#action-1-action")).toHaveValue(actions[1][1]);
  await expect(learner.locator("#action-3-action")).toHaveValue("");
  // A second tab, loaded before the first saves again, cannot overwrite the newer roadmap.
  const otherTab = await learner.context().newPage();
  await otherTab.goto(planUrl);
  await hydrated(otherTab);
  await learner.locator("#action-0-owner").fill("incident manager and deputy");
  await expect(learner.locator("#roadmap .autosave")).toHaveText("Roadmap saved: 3 actions.");
  await otherTab.locator("#action-0-owner").fill("someone else");
  await expect(otherTab.locator("#roadmap .autosave")).toContainText("changed elsewhere");
  await otherTab.close();
  await learner.reload();
  await hydrated(learner);
  await expect(learner.locator("#action-0-owner")).toHaveValue("incident manager and deputy");
  const csv = await learner.request.get(`/appraisal/plan.csv?class=${classId}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trim().split("\n")).toHaveLength(4);
  await expectNoAxeViolations(learner);

  // A second snapshot, and the comparison: the three raised practices changed.
  await saveSnapshot(learner, "after the debrief");
  const optionOf = (select: string, name: string) =>
    learner.locator(`${select} option`, { hasText: name }).getAttribute("value");
  await learner.locator("#compare-from").selectOption((await optionOf("#compare-from", "day 2 morning"))!);
  await learner.locator("#compare-to").selectOption((await optionOf("#compare-to", "after the debrief"))!);
  await learner.getByRole("button", { name: "Compare", exact: true }).click();
  const comparison = learner.locator("#comparison");
  await expect(comparison).toContainText("“day 2 morning” against “after the debrief”");
  await expect(comparison.locator("table.snapshot-changes caption")).toHaveText(`${RAISED.length} practices changed`);
  for (const practice of RAISED) {
    await expect(comparison.locator("table.snapshot-changes")).toContainText(practice);
  }
  await expect(comparison).toContainText(`over the ${practices} practices rated in both`);
  await expectNoAxeViolations(learner);

  // The instructor sees the roadmap among the class's plans, and what learners chose first.
  await instructor.goto(`${classUrl}/plans`);
  await hydrated(instructor);
  await expect(instructor.locator(".plan-column")).toContainText(actions[0][1]);
  await expect(instructor.locator(".first-choices")).toContainText(`${blockerIds[0]}: 1 learner`);
  await expectNoAxeViolations(instructor);

  // The crosswalk browser, both ways, as served without JavaScript.
  await axeWithoutJavaScript(browser, learner, "/crosswalk");
  await axeWithoutJavaScript(browser, learner, "/crosswalk?by=csf");
  await axeWithoutJavaScript(browser, learner, planUrl);
});
