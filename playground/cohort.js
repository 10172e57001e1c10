// A coordinator starts a cohort ("omgång") in the personal chat: a typo listed back with the
// paste kept, then the cohort started. Name the emulator's user coordinator on the bot's
// database first (see README, "For coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/cohort.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'omgång');
  await expect(page, 'Starta en ny omgång', 'cohort-1-card.png');
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill('jonas.gumbel@uppsala.example\nkarin.lund@uppsala.example, per at uppsala');
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await expect(page, 'ser inte ut som e-postadresser', 'cohort-2-typo.png');
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill('jonas.gumbel@uppsala.example\nkarin.lund@uppsala.example, per@uppsala.example');
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await expect(page, 'Klart! Omgången', 'cohort-3-started.png');
  await send(page, 'omgång');
  await expect(page, 'Omgångar hittills', 'cohort-4-listed.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
