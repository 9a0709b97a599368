import { test, expect, Page } from "@playwright/test";
import { hydrated, instructorWithClass, newPerson, signUp } from "./people";
import { axeWithoutJavaScript, expectNoAxeViolations } from "./helpers";

// From the catalog to a verified certificate. An administrator publishes an offering of two
// seats; three people register (the third joins the waitlist), one of the seated cancels and the
// waitlisted person moves up; the class runs a live session; attendance shows both learners; the
// instructor issues certificates; the verify page, opened without signing in, shows a
// certificate, and once the administrator revokes it, says "revoked". axe checks every new page,
// and the pages with forms again with JavaScript off.

const run = Date.now().toString(36);
// The class runs today and tomorrow (UTC), so that today's live session counts as its first day.
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function register(person: Page, offeringUrl: string) {
  await person.goto(offeringUrl);
  await person.getByLabel(/I accept the/).check();
  await person.getByRole("button", { name: "Register" }).click();
  await expect(person).toHaveURL(new RegExp(`${offeringUrl}$`));
}

test("an offering fills, runs, and ends in certificates anyone can verify", async ({ browser }) => {
  test.setTimeout(240_000);
  const { instructor, classUrl, admin } = await instructorWithClass(browser, run, `Offered ${run}`, [today, tomorrow]);
  const classId = classUrl.split("/").pop();
  const offeringUrl = `/offerings/${classId}`;

  // The administrator publishes the offering: two seats, virtual, fees for information.
  await admin.goto(`${classUrl}/offering`);
  await hydrated(admin);
  await admin.getByLabel(/Published/).check();
  await admin.getByLabel("Virtual classroom").check();
  await admin.getByLabel("Location").fill("Online; the link is sent a week before");
  await admin.getByLabel("Time zone").fill("UTC");
  await admin.getByLabel("Daily start time").fill("09:00");
  await admin.getByLabel("Daily end time").fill("17:00");
  await admin.getByLabel("Seats").fill("2");
  await admin.getByLabel(/Registration deadline/).fill(today);
  await admin.getByLabel("Fees").fill("Standard | 1,250.00 | USD\nGovernment | 990 | USD");
  await admin.getByRole("button", { name: "Save the offering" }).click();
  await expect(admin.getByText("Published: listed in the catalog.")).toBeVisible();
  await expectNoAxeViolations(admin);

  // The public catalog lists it, with the fees for information and a calendar download.
  const visitor = await newPerson(browser);
  await visitor.goto("/offerings");
  await hydrated(visitor);
  await expect(visitor.getByRole("link", { name: `Offered ${run}` })).toBeVisible();
  await expect(visitor.locator("main")).toContainText("1,250.00 USD");
  await expectNoAxeViolations(visitor);
  await visitor.goto(offeringUrl);
  await hydrated(visitor);
  await expect(visitor.getByRole("link", { name: /Sign in to register/ })).toBeVisible();
  await expectNoAxeViolations(visitor);
  const calendar = await visitor.request.get(`${offeringUrl}/calendar.ics`);
  expect(calendar.status()).toBe(200);
  expect(await calendar.text()).toContain("BEGIN:VEVENT");
  await visitor.goto("/terms");
  await expect(visitor.locator("h1")).toBeVisible();
  await expectNoAxeViolations(visitor);

  // Three register for two seats: the third waits, then moves up when the second cancels.
  const people: Page[] = [];
  for (const name of ["ines", "omar", "pia"]) {
    const person = await newPerson(browser);
    await signUp(person, `${name}.${run}`);
    await register(person, offeringUrl);
    people.push(person);
  }
  const [ines, omar, pia] = people;
  await expect(ines.getByText("You have a seat.")).toBeVisible();
  await expect(pia.getByText("You are number 1 on the waitlist.")).toBeVisible();
  await expectNoAxeViolations(pia);
  await axeWithoutJavaScript(browser, pia, offeringUrl);
  await omar.getByRole("button", { name: "Cancel my registration" }).click();
  await expect(omar.getByRole("button", { name: "Register" })).toBeVisible();
  await pia.goto(offeringUrl);
  await expect(pia.getByText("You have a seat.")).toBeVisible();

  // The registrations as the instructor sees them, and their CSV.
  await instructor.goto(`${classUrl}/offering`);
  await hydrated(instructor);
  const registrations = instructor.locator("main");
  await expect(registrations).toContainText(`Person omar.${run}`);
  await expect(registrations).toContainText("cancelled");
  await expectNoAxeViolations(instructor);
  await axeWithoutJavaScript(browser, instructor, `${classUrl}/offering`);
  const csv = await instructor.request.get(`${classUrl}/registrations.csv`);
  expect(await csv.text()).toContain(`pia.${run}`);

  // The live session: both seated learners join it.
  await instructor.goto(`${classUrl}/live`);
  await hydrated(instructor);
  await instructor.getByRole("button", { name: "Start live session" }).click();
  for (const learner of [ines, pia]) {
    await learner.goto(`${classUrl}/live`);
    await hydrated(learner);
    await expect(learner.locator(".live-status")).toContainText("Live now");
  }

  // Attendance shows both, counted from their presence in the session.
  await instructor.goto(`${classUrl}/attendance`);
  await hydrated(instructor);
  for (const name of ["ines", "pia"]) {
    await expect(instructor.locator("main")).toContainText(`Person ${name}.${run}`);
  }
  // Each learner's first minute is counted as they join: both rows show minutes present.
  for (const name of ["ines", "pia"]) {
    await expect
      .poll(async () => {
        await instructor.reload();
        const row = instructor.getByRole("row", { name: new RegExp(`Person ${name}\\.${run}`) });
        return (await row.textContent()) ?? "";
      }, { timeout: 20_000 })
      .toMatch(/\b[1-9]\d* min present/);
  }
  await expectNoAxeViolations(instructor);
  await axeWithoutJavaScript(browser, instructor, `${classUrl}/attendance`);
  await ines.goto(`${classUrl}/attendance`);
  await hydrated(ines);
  await expect(ines.locator("main")).not.toContainText(`Person pia.${run}`);
  await expectNoAxeViolations(ines);

  // Certificates for everyone who qualifies (no rule set: both).
  await instructor.goto(`${classUrl}/completion`);
  await hydrated(instructor);
  await expectNoAxeViolations(instructor);
  await axeWithoutJavaScript(browser, instructor, `${classUrl}/completion`);
  await instructor.getByRole("button", { name: /Issue certificates to everyone who qualifies \(2\)/ }).click();
  const certificateLinks = instructor.locator('a[href^="/certificates/"]');
  await expect(certificateLinks).toHaveCount(2);
  const inesRow = instructor.getByRole("row", { name: new RegExp(`Person ines\\.${run}`) });
  const certificatePath = (await inesRow.locator('a[href^="/certificates/"]').getAttribute("href"))!;
  const code = certificatePath.split("/").pop()!;

  // The learner's certificate page, printable, with its QR code.
  await ines.goto("/certificates");
  await hydrated(ines);
  await expectNoAxeViolations(ines);
  await instructor.goto(certificatePath);
  await hydrated(instructor);
  await expect(instructor.locator(".certificate svg")).toBeVisible();
  await expect(instructor.locator(".certificate")).toContainText("not an academic credential");
  await expectNoAxeViolations(instructor);

  // Verification without signing in: name, course, status.
  const stranger = await newPerson(browser);
  await stranger.goto(`/verify/${code}`);
  await hydrated(stranger);
  await expect(stranger.locator(".verify-status")).toContainText("Valid: this certificate was issued");
  await expect(stranger.locator("main")).toContainText(`Person ines.${run}`);
  await expectNoAxeViolations(stranger);

  // The administrator revokes it with a reason; the verify page says so.
  await admin.goto(certificatePath);
  await hydrated(admin);
  await expectNoAxeViolations(admin);
  await axeWithoutJavaScript(browser, admin, certificatePath);
  await admin.getByLabel(/Reason/).fill("Issued to the wrong class by mistake");
  await admin.getByRole("button", { name: "Revoke the certificate" }).click();
  await expect(admin.locator("main")).toContainText(/revoked/i);
  await stranger.goto(`/verify/${code}`);
  await hydrated(stranger);
  await expect(stranger.locator(".verify-status")).toContainText("Revoked: this certificate was withdrawn");
  await expectNoAxeViolations(stranger);
});
