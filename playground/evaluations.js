// A coordinator's "utvärdering": a cohort's mid-term and final evaluation dates (a final date
// before the mid-term named on the card, the dates kept), then saved; the questions edited.
// The mid-term is today, so (its 08:00 passed) the evaluations job sends it within a minute:
// Jonas, in the cohort too and known by his address from the team's roster (the app is added
// to the team first), answers it on the card.
// Name the emulator's user coordinator on the bot's database first (see README, "For
// coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/evaluations.js
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect, mock, template } = require('./steps');

// Today in Stockholm, as the date input sends it.
const TODAY = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  const added = await template(page, 'botAdded');  // the team's roster carries the addresses
  added.channelData = { ...added.channelData, eventType: 'teamMemberAdded' };
  await mock(page, added);
  await page.waitForTimeout(3000);

  await send(page, 'omgång');
  await page.getByText('Starta en ny omgång').last().waitFor({ timeout: 15000 });
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill(TODAY);
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill('jonas.gumbel@uppsala.example\nkarin.lund@uppsala.example');
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await page.getByText('Klart! Omgången').last().waitFor({ timeout: 15000 });

  await send(page, 'utvärdering');
  await expect(page, 'Välj omgång', 'evaluations-1-cohorts.png');
  await page.getByRole('button', { name: 'Våren 2027' }).last().click();
  await expect(page, 'Inget datum är satt ännu.', 'evaluations-2-cohort.png');
  await page.getByLabel('Datum för halvtidsutvärderingen').last().fill(TODAY);
  await page.getByLabel('Datum för slututvärderingen').last().fill('2026-01-01');
  await page.getByRole('button', { name: 'Spara datumen' }).last().click();
  await expect(page, 'har redan passerat', 'evaluations-3-past-date.png');
  await page.getByLabel('Datum för slututvärderingen').last().fill('2027-06-07');
  await page.getByRole('button', { name: 'Spara datumen' }).last().click();
  await expect(page, 'Klart! Datumen är sparade.', 'evaluations-4-saved.png');
  await page.getByRole('button', { name: 'Ändra frågorna: Halvtidsutvärdering' }).last().click();
  await expect(page, 'Påståenden att svara på med 1–5', 'evaluations-5-questions.png');
  await page.getByLabel('Påståenden att svara på med 1–5').last().fill(
    'Expedition Innovation är till nytta i mitt arbete.\nÖvningarna går att göra i min vardag.');
  await page.getByRole('button', { name: 'Spara frågorna' }).last().click();
  await expect(page, 'sparade som version 2', 'evaluations-6-questions-saved.png');

  // The leader's side: the invitation (the job runs every minute, the outbox every 5 s).
  await page.getByRole('button', { name: 'Svara nu' }).last().waitFor({ timeout: 100000 });
  await expect(page, 'Nu är det dags för halvtidsutvärderingen', 'evaluations-7-invitation.png');
  await page.getByRole('button', { name: 'Svara nu' }).last().click();
  await expect(page, 'Svara senast', 'evaluations-8-form.png');
  const form = page.locator('.ac-adaptiveCard').last();
  await form.getByRole('radio', { name: '4 – Stämmer ganska bra' }).first().check();
  await form.getByRole('button', { name: 'Skicka svaren' }).click();
  // Teams checks the required answers before anything is sent (the bot checks again).
  await expect(page, 'Välj ett svar mellan 1 och 5.', 'evaluations-9-missing.png');
  await form.getByRole('radio', { name: '5 – Stämmer helt' }).nth(1).check();
  await form.getByLabel('Vad har fungerat bra hittills?').fill('Träffarna med mitt team.');
  await form.getByRole('button', { name: 'Skicka svaren' }).click();
  await expect(page, 'Tack för dina svar!', 'evaluations-10-thanks.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
