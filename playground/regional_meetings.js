// A programme owner (who also coordinates the emulator's municipality) sets up a region and a
// regional cohort, opens its meetings, gets the default schedule proposed, saves a meeting with
// a wrong link first (kept as typed), then answers the announcement as a participant. Name the
// emulator's user programme owner and coordinator on the bot's database first (README, "For
// programme owners"). Run from the project root:
// ../shared/playground/run.sh playground/regional_meetings.js
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

const TENANT = '00000000-0000-0000-0000-0000000000001';

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'region');
  await expect(page, 'Du har inga regioner ännu', 'meetings-0-empty.png');
  await page.getByLabel('Regionens namn').last().fill('Norrbotten');
  await page.getByRole('button', { name: 'Skapa region' }).last().click();
  await expect(page, 'Regionen Norrbotten är skapad', 'meetings-1-created.png');
  await page.getByLabel('Kommunernas namn eller tenant-id').last().fill(TENANT);
  await page.getByRole('button', { name: 'Bjud in' }).last().click();
  await expect(page, 'Inbjudan till en region', 'meetings-2-invitation.png');
  await page.getByRole('button', { name: 'Gå med' }).last().click();
  await expect(page, 'Nu är er kommun med i Norrbotten', 'meetings-3-joined.png');
  await send(page, 'region');
  await expect(page, 'Ny regional omgång', 'meetings-4-owner-card.png');
  await page.getByLabel('Omgångens namn').last().fill('Året 2027');
  await page.getByLabel('Startar').last().fill('2027-01-11');
  await page.getByLabel('Slutar').last().fill('2027-12-17');
  await page.getByRole('button', { name: 'Skapa regional omgång' }).last().click();
  await expect(page, 'Den regionala omgången Året 2027 är skapad', 'meetings-4-cohort-created.png');
  await send(page, 'region');
  await expect(page, 'vilka är med från er kommun', 'meetings-5-choose.png');
  await page.getByText('Alla ledare i kommunen').last().click();
  await page.getByRole('button', { name: 'Spara valet' }).last().click();
  await expect(page, 'Sparat. Ert val gäller för Året 2027', 'meetings-6-chosen.png');

  await send(page, 'region');
  await expect(page, 'Träffar: Året 2027', 'meetings-6-owner-card.png');
  await page.getByRole('button', { name: 'Träffar: Året 2027' }).first().click();
  await expect(page, 'Inga träffar ännu', 'meetings-7-schedule-empty.png');
  await page.getByRole('button', { name: 'Föreslå schema' }).last().click();
  await expect(page, 'varannan månad', 'meetings-8-proposed.png');
  await page.getByLabel('Tema').last().fill('Tjänstedesign');
  await page.getByLabel('Agenda').last().fill('Luleås exempel på medborgardialog, sedan frågor till gästen.');
  await page.getByLabel('Inbjuden gäst (valfritt)').last().fill('Sara från SKR');
  await page.getByLabel('Länk till mötet (https://)').last().fill('http://teams.example/x');
  await page.getByRole('button', { name: 'Spara och bjud in' }).last().click();
  await expect(page, 'Länken behöver börja med https://', 'meetings-9-bad-link.png');
  await page.getByLabel('Länk till mötet (https://)').last().fill('https://teams.microsoft.com/l/meetup-join/x');
  await page.getByRole('button', { name: 'Spara och bjud in' }).last().click();
  await expect(page, 'deltagare får en inbjudan', 'meetings-10-saved.png');
  await expect(page, 'Regionträff: Tjänstedesign', 'meetings-11-announcement.png');
  await page.getByRole('button', { name: 'Jag kommer' }).last().click();
  await expect(page, 'Vad roligt!', 'meetings-12-coming.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
