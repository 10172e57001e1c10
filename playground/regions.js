// A programme owner creates a region, invites their own municipality by tenant id (a wrong id
// listed back with the paste kept), answers the invitation as its coordinator, creates a
// regional cohort, brings all leaders, and opens the regional follow-up. Name the emulator's
// user programme owner and coordinator on the bot's database first (README, "For programme
// owners"). Run from the project root:
// ../shared/playground/run.sh playground/regions.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

const TENANT = '00000000-0000-0000-0000-0000000000001';

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'region');
  await expect(page, 'Du har inga regioner ännu', 'regions-1-empty.png');
  await page.getByLabel('Regionens namn').last().fill('Norrbotten');
  await page.getByRole('button', { name: 'Skapa region' }).last().click();
  await expect(page, 'Regionen Norrbotten är skapad', 'regions-2-created.png');
  await page.getByLabel('Kommunernas namn eller tenant-id').last().fill('lulea.se');
  await page.getByRole('button', { name: 'Bjud in' }).last().click();
  await expect(page, 'känner jag inte igen', 'regions-3-unknown-tenant.png');
  await page.getByLabel('Kommunernas namn eller tenant-id').last().fill(TENANT);
  await page.getByRole('button', { name: 'Bjud in' }).last().click();
  await expect(page, 'kommuner inbjudna', 'regions-4-invited.png');
  await expect(page, 'Inbjudan till en region', 'regions-5-invitation.png');
  await page.getByRole('button', { name: 'Gå med' }).last().click();
  await expect(page, 'Nu är er kommun med i Norrbotten', 'regions-6-joined.png');

  await send(page, 'region');
  await expect(page, 'Ny regional omgång', 'regions-7-owner-card.png');
  await page.getByLabel('Omgångens namn').last().fill('Året 2027');
  await page.getByLabel('Startar').last().fill('2027-01-11');
  await page.getByLabel('Slutar').last().fill('2027-12-17');
  await page.getByRole('button', { name: 'Skapa regional omgång' }).last().click();
  await expect(page, 'Den regionala omgången Året 2027 är skapad', 'regions-8-cohort.png');

  await send(page, 'region');
  await expect(page, 'vilka är med från er kommun', 'regions-9-choose.png');
  await page.getByText('Alla ledare i kommunen').last().click();
  await page.getByRole('button', { name: 'Spara valet' }).last().click();
  await expect(page, 'Sparat. Ert val gäller för Året 2027', 'regions-10-chosen.png');

  await send(page, 'regional uppföljning');
  await page.getByRole('button', { name: 'Uppföljning: Året 2027' }).first().click();
  await expect(page, 'Regional uppföljning: Norrbotten, Året 2027', 'regions-11-follow-up.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
