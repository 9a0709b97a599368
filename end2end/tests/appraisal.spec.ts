import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, learnerInClass } from "./people";
import { expectNoAxeViolations } from "./helpers";

// Two learners appraise the case file in an instructor-led class: one gives the key's rating to
// every practice, the other differs on three known practices. After the instructor reveals the
// key, the first sees full agreement and the second exactly those differences and the kappa
// computed here independently; the instructor's heatmap shows both.

const run = Date.now().toString(36);
const STEPS = ["FI", "LI", "PI", "NI"];

/** Quadratic-weighted Cohen's kappa on the four-step scale, written here from its definition. */
function weightedKappa(pairs: [string, string][]): number {
  const n = pairs.length;
  const observed = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const rows = [0, 0, 0, 0];
  const columns = [0, 0, 0, 0];
  for (const [a, b] of pairs) {
    const i = STEPS.indexOf(a);
    const j = STEPS.indexOf(b);
    observed[i][j] += 1 / n;
    rows[i] += 1 / n;
    columns[j] += 1 / n;
  }
  let disagreement = 0;
  let chance = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const weight = ((i - j) * (i - j)) / 9;
      disagreement += weight * observed[i][j];
      chance += weight * rows[i] * columns[j];
    }
  }
  return 1 - disagreement / chance;
}

async function rateAll(page: Page, ratings: Map<string, string>) {
  for (const [practice, rating] of ratings) {
    await page.locator(`select[name="rating.${practice}"]`).selectOption(rating);
  }
}

test("two learners appraise, the key is revealed, and the heatmap shows both", async ({ browser }) => {
  test.setTimeout(240_000);
  const { instructor, classUrl, code } = await instructorWithClass(browser, run, `Appraisal class ${run}`);
  const classId = classUrl.split("/").pop();
  const copier = await learnerInClass(browser, `copier.${run}`, code, classUrl);
  const differ = await learnerInClass(browser, `differ.${run}`, code, classUrl);

  // The instructor's heatmap lists the key; the copier will follow it.
  await instructor.goto(`${classUrl}/appraisal`);
  const key = new Map<string, string>();
  for (const row of await instructor.locator("table.heatmap tbody tr").all()) {
    const practice = (await row.locator("th").textContent())!.trim();
    const rating = await row.locator("td").first().locator("select").inputValue();
    key.set(practice, rating);
  }
  expect(key.size).toBe(64);
  const moved = ["IMC:SG1.SP1", "SC:SG1.SP2", "RISK:SG2.SP1"];
  const different = new Map(key);
  for (const practice of moved) {
    different.set(practice, key.get(practice) === "NI" ? "FI" : "NI");
  }

  for (const [page, ratings] of [[copier, key], [differ, different]] as [Page, Map<string, string>][]) {
    await page.goto(`/appraisal?class=${classId}`);
    await hydrated(page);
    await rateAll(page, ratings);
    await expect(page.locator(".autosave")).toHaveText("All ratings saved.");
    await expect(page.locator(".evaluation-table")).toContainText("24 of 24");
    await page.getByRole("button", { name: "Submit for comparison with the key" }).click();
    await expect(page.getByText("Your instructor will reveal the key")).toBeVisible();
  }

  await instructor.reload();
  await expect(instructor.locator("table.heatmap thead")).toContainText(`Person copier.${run}`);
  await expect(instructor.locator("table.heatmap thead")).toContainText(`Person differ.${run}`);
  await instructor.getByRole("button", { name: "Reveal the key to the class" }).click();
  // The reveal is a plain form post: check the page it comes back to, not one still loading.
  await expect(instructor.getByRole("button", { name: "Hide the key again" })).toBeVisible();
  await hydrated(instructor);
  await expectNoAxeViolations(instructor);

  await copier.reload();
  await expect(copier.getByText("Exact agreement: 100%")).toBeVisible();
  await expect(copier.getByText("Weighted kappa: 1.00")).toBeVisible();
  await expect(copier.getByText("0 practices differ from the key")).toBeVisible();

  await differ.reload();
  await expect(differ.getByText("3 practices differ from the key")).toBeVisible();
  const listed = await differ.locator("table.differences tbody th").allTextContents();
  expect(listed.sort()).toEqual([...moved].sort());
  const pairs: [string, string][] = [...key.keys()].map((p) => [different.get(p)!, key.get(p)!]);
  const kappa = weightedKappa(pairs).toFixed(2);
  await expect(differ.getByText(`Weighted kappa: ${kappa}`)).toBeVisible();
  await expectNoAxeViolations(differ);

  // The heatmap: the copier's column all "=", the differ's with three cells away from the key.
  await instructor.goto(`${classUrl}/appraisal`);
  const away = instructor.locator("table.heatmap td:is(.d1, .d2, .d3)");
  await expect(away).toHaveCount(3);
});
