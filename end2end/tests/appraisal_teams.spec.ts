import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, learnerInClass } from "./people";
import { expectNoAxeViolations } from "./helpers";

// Team mode: the instructor forms teams of two; each member rates alone and submits (one as the
// key, one differing on three practices); the first then sees both columns side by side and
// fills in the practices the two rated alike; both settle the three disagreements at once (a
// stale change is refused and names the teammate), and the team submits. After the reveal the
// team sees full agreement and the heatmap by team shows it.

const run = Date.now().toString(36);
const MOVED = ["IMC:SG1.SP1", "VAR:SG2.SP2", "RISK:SG1.SP1"];

async function rateAlone(page: Page, classId: string, ratings: Map<string, string>) {
  await page.goto(`/appraisal?class=${classId}`);
  await hydrated(page);
  for (const [practice, rating] of ratings) {
    await page.locator(`select[name="rating.${practice}"]`).selectOption(rating);
  }
  await expect(page.locator(".autosave")).toHaveText("All ratings saved.");
  await page.getByRole("button", { name: "Submit for comparison with the key" }).click();
  await expect(page.getByText("Your instructor will reveal the key")).toBeVisible();
}

test("a team rates alone, agrees its ratings side by side, and meets the key", async ({ browser }) => {
  test.setTimeout(240_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Team class ${run}`);
  const classId = classUrl.split("/").pop()!;
  const ada = await learnerInClass(browser, `ada.${run}`, code, classUrl);
  const bo = await learnerInClass(browser, `bo.${run}`, code, classUrl);

  // The instructor forms teams of two and reads the key from the heatmap.
  await instructor.goto(`${classUrl}/appraisal`);
  await instructor.getByLabel("Put everyone without a team into teams of").fill("2");
  await instructor.getByRole("button", { name: "Form teams" }).click();
  await expect(instructor.getByText("The teams are saved.")).toBeVisible();
  await expect(instructor.getByLabel(`Person ada.${run}`, { exact: true })).toHaveValue("Team 1");
  await expect(instructor.getByLabel(`Person bo.${run}`, { exact: true })).toHaveValue("Team 1");
  const key = new Map<string, string>();
  for (const row of await instructor.locator("table.heatmap tbody tr").all()) {
    const practice = (await row.locator("th").textContent())!.trim();
    key.set(practice, await row.locator("td").first().locator("select").inputValue());
  }
  expect(key.size).toBe(64);
  const different = new Map(key);
  for (const practice of MOVED) {
    // Two steps or more from the key, whatever the key says, so that the pair is marked.
    different.set(practice, ["FI", "LI"].includes(key.get(practice)!) ? "NI" : "FI");
  }

  // Before rating alone, the team's page shows nobody's ratings.
  await ada.goto(`/appraisal/team?class=${classId}`);
  await expect(ada.getByText("Rate alone first")).toBeVisible();
  await expect(ada.locator("table.team-table")).toHaveCount(0);

  await rateAlone(ada, classId, key);
  await rateAlone(bo, classId, different);

  // Side by side: both members' columns, the three disagreements marked.
  await ada.goto(`/appraisal?class=${classId}`);
  await ada.getByRole("link", { name: "Open the team's ratings" }).click();
  await expect(ada.locator("table.team-table thead").first()).toContainText(`Person bo.${run}`);
  await expect(ada.locator("tr.wide-spread")).toHaveCount(3);
  await expectNoAxeViolations(ada);

  await ada.getByRole("button", { name: "Fill in where every member agrees" }).click();
  await expect(ada.getByText("Every practice the members rated alike is filled in")).toBeVisible();
  await hydrated(ada);
  for (const practice of MOVED) {
    await expect(ada.locator(`select[name="rating.${practice}"]`)).toHaveValue("");
  }

  // Ada settles two disagreements (autosaved as she works).
  const [first, ...others] = MOVED;
  for (const practice of others) {
    await ada.locator(`select[name="rating.${practice}"]`).selectOption(key.get(practice)!);
  }
  await ada.locator(`textarea[name="note.${others[0]}"]`).fill("We went with the policy and the exercise record.");
  await expect(ada.locator(".autosave")).toHaveText("All team ratings saved.");

  // Bo, on the team page too, settles the third. Ada's page still shows it unsettled, so her
  // change to it is refused and names Bo.
  await bo.goto(`/appraisal/team?class=${classId}`);
  await hydrated(bo);
  await bo.locator(`select[name="rating.${first}"]`).selectOption(key.get(first)!);
  await expect(bo.locator(".autosave")).toHaveText("All team ratings saved.");
  await ada.locator(`select[name="rating.${first}"]`).selectOption(different.get(first)!);
  await expect(ada.locator(".autosave")).toContainText(`A teammate changed ${first} (changed by Person bo.${run})`);

  // After a reload Ada sees Bo's rating and her own saved changes.
  await ada.reload();
  await hydrated(ada);
  await expect(ada.locator(`select[name="rating.${first}"]`)).toHaveValue(key.get(first)!);
  for (const practice of others) {
    await expect(ada.locator(`select[name="rating.${practice}"]`)).toHaveValue(key.get(practice)!);
  }
  await expect(ada.locator(`textarea[name="note.${others[0]}"]`)).toHaveValue("We went with the policy and the exercise record.");
  await ada.getByRole("button", { name: "Submit the team's ratings" }).click();
  await expect(ada.getByText("The team's ratings are submitted.")).toBeVisible();
  await expect(ada.getByText("Your instructor will reveal the key")).toBeVisible();

  // The instructor sees the team's column, reveals; the team meets the key exactly.
  await instructor.goto(`${classUrl}/appraisal?by=teams`);
  await expect(instructor.locator("table.heatmap thead")).toContainText("Team 1");
  await expect(instructor.locator("table.heatmap td.d0")).toHaveCount(64);
  await instructor.getByRole("button", { name: "Reveal the key to the class" }).click();
  await expectNoAxeViolations(instructor);

  await bo.goto(`/appraisal/team?class=${classId}`);
  await expect(bo.getByText("Your team's ratings against the key")).toBeVisible();
  await expect(bo.getByText("Exact agreement: 100%")).toBeVisible();
  await expect(bo.getByText("0 practices differ from the key")).toBeVisible();
  await expect(bo.locator(`textarea[name="note.${MOVED[1]}"]`)).toHaveValue("We went with the policy and the exercise record.");
  // Bo's own comparison still shows his three differences.
  await bo.goto(`/appraisal?class=${classId}`);
  await expect(bo.getByText("3 practices differ from the key")).toBeVisible();
});
