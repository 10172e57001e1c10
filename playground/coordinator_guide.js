// The coordinator's guide in the README, step by step, with a picture of each card: roles, the
// municipality's settings, a cohort from the team's members, groups, evaluations, the follow-up
// and a celebration. The pictures (the card alone) go to $SHOTS/guide-*.png; the README's copies
// are in docs/guide/. Name the emulator's user coordinator on a fresh database first (see
// README, "For coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/coordinator_guide.js
const path = require('path');
const { launch, open, send, SHOTS } = require(process.env.PW_HELPER);
const { mock, template } = require('./steps');

async function card(page, text, name) {
  await page.getByText(text).last().waitFor({ timeout: 20000 });
  await page.waitForTimeout(800);
  const last = page.locator('.ac-adaptiveCard').last();
  await last.scrollIntoViewIfNeeded();
  const file = path.join(SHOTS, name);
  await last.screenshot({ path: file });
  console.log(name, file);
}

async function click(page, name) {
  await page.getByRole('button', { name }).last().click();
}

(async () => {
  const { context, page } = await launch();
  await page.setViewportSize({ width: 1400, height: 2800 });  // tall cards in one picture
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  // 1. Roles: a coach named by typing, then the roles card.
  await send(page, 'stöttepelare lägg till anna.coach@uppsala.example');
  await page.getByText('är nu stöttepelare').last().waitFor({ timeout: 15000 });
  await send(page, 'samordnare');
  await card(page, 'Ta bort', 'guide-1-roles.png');

  // 2. The municipality's own settings.
  await send(page, 'inställningar');
  await card(page, 'Lokala exempel', 'guide-2-settings.png');

  // 3. A cohort from the members of the team the app was added to.
  const added = await template(page, 'botAdded');
  added.channelData = { ...added.channelData, eventType: 'teamMemberAdded' };
  await mock(page, added);
  await page.waitForTimeout(3000);
  await page.getByRole('treeitem', { name: /Personal Chat/ }).first().click();
  await page.waitForTimeout(1000);
  await send(page, 'omgång');
  await page.getByText('Eller ta med alla ledare').last().waitFor({ timeout: 15000 });
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill('per.holm@uppsala.example\nlisa.ek@uppsala.example');
  await page.getByText(/G4 Innovationsteam 4 \(\d+ ledare\)/).last().click();
  await card(page, 'Starta en ny omgång', 'guide-3-cohort.png');
  await click(page, 'Starta omgången');
  await card(page, 'Klart! Omgången', 'guide-4-started.png');

  // 4. Groups: the proposal, confirmed.
  await send(page, 'grupper');
  await page.getByText('Grupper för en omgång').last().waitFor({ timeout: 15000 });
  await click(page, 'Föreslå grupper');
  await card(page, 'Förslag på grupper för Våren 2027', 'guide-5-groups.png');
  await click(page, 'Bekräfta');
  await card(page, 'Grupperna för Våren 2027 är sparade', 'guide-6-confirmed.png');

  // 5. Evaluations: the dates of the mid-term and the final one.
  await send(page, 'utvärdering');
  await page.getByText('Välj omgång').last().waitFor({ timeout: 15000 });
  await click(page, 'Våren 2027');
  await page.getByLabel('Datum för halvtidsutvärderingen').last().fill('2027-03-15');
  await page.getByLabel('Datum för slututvärderingen').last().fill('2027-06-07');
  await click(page, 'Spara datumen');
  await card(page, 'Klart! Datumen är sparade.', 'guide-7-evaluations.png');

  // 6. The follow-up (counts only, nothing about fewer than 5).
  await send(page, 'uppföljning');
  await card(page, 'Ladda ner', 'guide-8-follow-up.png');

  // 7. A celebration for the cohort, previewed.
  await send(page, 'fira');
  await page.getByText('Fira en omgång').last().waitFor({ timeout: 15000 });
  await page.getByLabel(/Din hälsning/).last().fill('Tack för att ni har vågat prova nytt!');
  await click(page, 'Förhandsgranska');
  await card(page, 'Så här ser firandet ut', 'guide-9-celebrate.png');

  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
