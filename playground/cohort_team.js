// A coordinator starts a cohort from a Teams team: the app is added to the emulator's team
// "G4 Innovationsteam 4" (its members are stored from the roster), then "omgång" in the personal
// chat offers that team; it is ticked, one more address pasted, and the cohort started. Name the
// emulator's user coordinator on a fresh database first (see README, "For coordinators").
// Run from the project root: ../shared/playground/run.sh playground/cohort_team.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect, mock, template } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.waitForTimeout(1500);

  const added = await template(page, 'botAdded');
  added.channelData = { ...added.channelData, eventType: 'teamMemberAdded' };
  await mock(page, added);
  await page.getByRole('treeitem', { name: /General/ }).first().click();
  await page.getByText('Hej och välkommen till ditt Innovationsteam').first()
    .waitFor({ timeout: 20000 });

  await page.getByRole('treeitem', { name: /Personal Chat/ }).first().click();
  await page.waitForTimeout(1000);
  await send(page, 'omgång');
  await expect(page, 'Eller ta med alla ledare', 'cohortteam-1-card.png');
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last().fill('per.holm@uppsala.example');
  await page.getByText(/G4 Innovationsteam 4 \(\d+ ledare\)/).last().click();
  console.log(await shot(page, 'cohortteam-2-ticked.png'));
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await expect(page, 'Klart! Omgången', 'cohortteam-3-started.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
