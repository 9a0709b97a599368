import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, learnerInClass } from "./people";
import { expectNoAxeViolations } from "./helpers";

// The appraisal practicum as a jigsaw: four teams of two, one process area each. The instructor
// deals the process areas round the teams; each member rates the team's area alone, then the
// team fills its ratings in where the two agree and submits; the debrief view then shows every team against the
// key on its own share. The instructor guide and the knowledge-check page pass axe too.

const run = Date.now().toString(36);
const TEAMS = ["Team A", "Team B", "Team C", "Team D"];
const AREAS = ["IMC", "VAR", "SC", "RISK"];

async function rateShareAlone(page: Page, classId: string, area: string, key: Map<string, string>) {
  await page.goto(`/appraisal?class=${classId}`);
  await hydrated(page);
  // The workspace shows the team's share only.
  await expect(page.locator('select[name^="rating."]').first()).toHaveAttribute("name", new RegExp(`^rating\\.${area}:`));
  const names = await page.locator('select[name^="rating."]').evaluateAll((els) => els.map((e) => e.getAttribute("name")!));
  expect(names.every((name) => name.startsWith(`rating.${area}:`))).toBe(true);
  for (const name of names) {
    await page.locator(`select[name="${name}"]`).selectOption(key.get(name.slice("rating.".length))!);
  }
  await expect(page.locator(".autosave")).toHaveText("All ratings saved.");
  await page.getByRole("button", { name: "Submit for comparison with the key" }).click();
  await expect(page.getByText("Your instructor will reveal the key")).toBeVisible();
  return names.length;
}

test("four teams each rate one process area and the debrief shows each against the key", async ({ browser }) => {
  test.setTimeout(300_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Jigsaw ${run}`);
  const classId = classUrl.split("/").pop()!;
  // Two learners per team: learners[2n] and learners[2n + 1] are on TEAMS[n].
  const learners: Page[] = [];
  for (let n = 0; n < 8; n++) {
    learners.push(await learnerInClass(browser, `jig${n}.${run}`, code, classUrl));
  }

  // The teams, then the process areas dealt round them.
  await instructor.goto(`${classUrl}/appraisal`);
  for (let n = 0; n < 8; n++) {
    await instructor.getByLabel(`Person jig${n}.${run}`, { exact: true }).fill(TEAMS[Math.floor(n / 2)]);
  }
  await instructor.getByRole("button", { name: "Save the teams" }).click();
  await expect(instructor.getByText("The teams are saved.")).toBeVisible();
  await instructor.getByRole("button", { name: "Deal the process areas round the teams" }).click();
  await expect(instructor.getByText("Each team's process areas are saved")).toBeVisible();
  for (let n = 0; n < 4; n++) {
    const share = instructor.getByRole("group", { name: new RegExp(`^${TEAMS[n]}:`) });
    for (const area of AREAS) {
      const box = share.getByLabel(area, { exact: true });
      if (area === AREAS[n]) await expect(box).toBeChecked();
      else await expect(box).not.toBeChecked();
    }
  }
  const key = new Map<string, string>();
  for (const row of await instructor.locator("table.heatmap tbody tr").all()) {
    const practice = (await row.locator("th").textContent())!.trim();
    key.set(practice, await row.locator("td").first().locator("select").inputValue());
  }
  expect(key.size).toBe(64);

  // Each team rates its own area: both members alone first, then the team's ratings from theirs.
  const rated: number[] = [];
  for (let n = 0; n < 4; n++) {
    const learner = learners[2 * n];
    rated.push(await rateShareAlone(learner, classId, AREAS[n], key));
    await rateShareAlone(learners[2 * n + 1], classId, AREAS[n], key);
    await learner.goto(`/appraisal/team?class=${classId}`);
    await hydrated(learner);
    await learner.getByRole("button", { name: "Fill in where every member agrees" }).click();
    await expect(learner.getByText("Every practice the members rated alike is filled in")).toBeVisible();
    await learner.getByRole("button", { name: "Submit the team's ratings" }).click();
    await expect(learner.getByText("The team's ratings are submitted.")).toBeVisible();
  }
  expect(rated.reduce((a, b) => a + b, 0)).toBe(64);

  // The debrief: every team against the key on its share, at full agreement.
  await instructor.goto(`${classUrl}/appraisal?by=teams`);
  const debrief = instructor.locator("table.debrief tbody tr");
  await expect(debrief).toHaveCount(4);
  for (let n = 0; n < 4; n++) {
    const row = debrief.filter({ hasText: TEAMS[n] });
    await expect(row).toContainText(AREAS[n]);
    await expect(row).toContainText(`${rated[n]} of ${rated[n]}`);
    await expect(row).toContainText("100 %");
    await expect(row).toContainText(`${AREAS[n]}: CL0 (key CL0, agrees)`);
  }
  await expectNoAxeViolations(instructor);

  // The instructor's other new pages.
  await instructor.goto("/instructor-guide");
  await expect(instructor.getByRole("heading", { name: "Instructor guide", level: 1 })).toBeVisible();
  await expectNoAxeViolations(instructor);
  await instructor.goto(`${classUrl}/knowledge-check`);
  await expect(instructor.getByRole("heading", { name: "Knowledge check by outcome" })).toBeVisible();
  await expectNoAxeViolations(instructor);
  // A learner is refused the guide.
  const refused = await learners[0].goto("/instructor-guide");
  expect(refused!.status()).toBe(403);
});
