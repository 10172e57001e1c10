// A coordinator's "utvärdering": a cohort's mid-term and final evaluation dates (a final date
// before the mid-term named on the card, the dates kept), then saved; the questions edited.
// Name the emulator's user coordinator on the bot's database first (see README, "For
// coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/evaluations.js
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'omgång');
  await page.getByText('Starta en ny omgång').last().waitFor({ timeout: 15000 });
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill('jonas.gumbel@uppsala.example\nkarin.lund@uppsala.example');
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await page.getByText('Klart! Omgången').last().waitFor({ timeout: 15000 });

  await send(page, 'utvärdering');
  await expect(page, 'Välj omgång', 'evaluations-1-cohorts.png');
  await page.getByRole('button', { name: 'Våren 2027' }).last().click();
  await expect(page, 'Inget datum är satt ännu.', 'evaluations-2-cohort.png');
  await page.getByLabel('Datum för halvtidsutvärderingen').last().fill('2027-03-01');
  await page.getByLabel('Datum för slututvärderingen').last().fill('2027-02-01');
  await page.getByRole('button', { name: 'Spara datumen' }).last().click();
  await expect(page, 'behöver komma efter', 'evaluations-3-wrong-order.png');
  await page.getByLabel('Datum för slututvärderingen').last().fill('2027-06-07');
  await page.getByRole('button', { name: 'Spara datumen' }).last().click();
  await expect(page, 'Klart! Datumen är sparade.', 'evaluations-4-saved.png');
  await page.getByRole('button', { name: 'Ändra frågorna: Halvtidsutvärdering' }).last().click();
  await expect(page, 'Påståenden att svara på med 1–5', 'evaluations-5-questions.png');
  await page.getByLabel('Påståenden att svara på med 1–5').last().fill(
    'Expedition Innovation är till nytta i mitt arbete.\nÖvningarna går att göra i min vardag.');
  await page.getByRole('button', { name: 'Spara frågorna' }).last().click();
  await expect(page, 'sparade som version 2', 'evaluations-6-questions-saved.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
