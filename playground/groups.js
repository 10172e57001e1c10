// A coordinator plans learning groups ("grupper") for a cohort in the personal chat: a coach
// named, a cohort of eight started, the proposal, a move that leaves a group of one (named on
// the card), a fresh proposal with a coach chosen, confirmed. Name the emulator's user
// coordinator on the bot's database first (see README, "For coordinators"). Run from the
// project root: ../shared/playground/run.sh playground/groups.js
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

const LEADERS = [
  'jonas.gumbel@uppsala.example', 'daniela.drazic@uppsala.example',
  'max.larcombe@uppsala.example', 'sandra.molin@uppsala.example',
  'karin.lund@uppsala.example', 'per.nilsson@uppsala.example',
  'ove.berg@uppsala.example', 'lisa.ek@uppsala.example',
];
const UNITS = [
  'jonas.gumbel@uppsala.example; Skola', 'daniela.drazic@uppsala.example; Skola',
  'max.larcombe@uppsala.example; Vård och omsorg', 'sandra.molin@uppsala.example; Vård och omsorg',
  'karin.lund@uppsala.example; Kultur', 'per.nilsson@uppsala.example; Kultur',
  'ove.berg@uppsala.example; Teknik', 'lisa.ek@uppsala.example; Teknik',
];

async function choose(page, dropdown, option) {
  await dropdown.click();
  await page.getByRole('option', { name: option }).last().click();
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'stöttepelare lägg till anna.coach@uppsala.example');
  await expect(page, 'är nu stöttepelare', 'groups-0-coach.png');
  await send(page, 'omgång');
  await expect(page, 'Starta en ny omgång', 'groups-1-cohort.png');
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last().fill(LEADERS.join('\n'));
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await expect(page, 'Klart! Omgången', 'groups-2-started.png');

  await send(page, 'grupper');
  await expect(page, 'Grupper för en omgång', 'groups-3-choose.png');
  await page.getByLabel(/Enheter/).last().fill(UNITS.join('\n'));
  await page.getByRole('button', { name: 'Föreslå grupper' }).last().click();
  await expect(page, 'Förslag på grupper för Våren 2027', 'groups-4-proposal.png');

  // Three people of group 1 moved to group 2: group 1 keeps one, group 2 gets seven.
  const card = page.locator('.ac-adaptiveCard').last();
  for (let n = 0; n < 3; n++) await choose(page, card.getByRole('combobox').nth(n), 'Grupp 2');
  await page.getByRole('button', { name: 'Bekräfta' }).last().click();
  await expect(page, 'Det här behöver ändras', 'groups-5-fix.png');

  await page.getByRole('button', { name: 'Föreslå grupper' }).last().click();
  await expect(page, 'Förslag på grupper för Våren 2027', 'groups-6-again.png');
  await choose(page, page.getByLabel('Stöttepelare för grupp 1').last(),
    'anna.coach@uppsala.example');
  await page.getByRole('button', { name: 'Bekräfta' }).last().click();
  await expect(page, 'Klart! Grupperna för Våren 2027 är sparade.', 'groups-7-confirmed.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
