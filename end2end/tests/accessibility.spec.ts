import { test } from "@playwright/test";
import { openHydrated, expectNoAxeViolations } from "./helpers";

// One page of every type, checked by axe against WCAG 2.1 A and AA.
const PAGES = [
  ["home", "/"],
  ["module", "/modules/welcome"],
  ["lesson", "/modules/welcome/lesson"],
  ["slide", "/modules/welcome/slides/1"],
  ["slide with a diagram", "/modules/welcome/slides/5"],
  ["presenter", "/modules/welcome/presenter/5"],
  ["deck handout", "/modules/welcome/handout"],
  ["model", "/model"],
  ["process area", "/model/IMC"],
  ["glossary", "/glossary"],
  ["about", "/about"],
  ["not found", "/no-such-page"],
  ["search results", "/search?q=incident+response"],
  ["handouts", "/handouts"],
  ["printable handout", "/handouts/appraisal-worksheet"],
  ["notebook", "/notebook"],
  ["sign in", "/sign-in?error=wrong-credentials"],
  ["sign up", "/sign-up"],
  ["join a class", "/join/ABCD2345"],
  ["sign in required", "/classes"],
  ["exercises", "/exercises"],
  ["exercise with an essay", "/exercises/riverside-balance"],
  ["exercise with choices", "/exercises/what-level"],
  ["knowledge check", "/exercises/knowledge-check"],
  ["slide launching an exercise", "/modules/operational-risk/slides/10"],
];

for (const [name, path] of PAGES) {
  test(`axe finds no WCAG 2.1 A/AA violation on the ${name} page`, async ({ page }) => {
    await openHydrated(page, path);
    await expectNoAxeViolations(page);
  });
}
