// Regional sharing and the rest of regions (issue 16), as the emulator's user, who is programme
// owner, coordinator and leader at once: a reflection written in module 1; a region made by
// inviting the municipality by its name; "region" then shows "Dela med regionen", the preview
// (who reads it, under which name), the share, the owner's "Delat från ledarna", taking it back;
// a meeting moved from the schedule card (the participant gets "Ny tid") and cancelled
// ("Inställd"); and the municipality leaving the region. Name the emulator's user programme
// owner and coordinator on the bot's database first (README, "For programme owners").
// Run from the project root: ../shared/playground/run.sh playground/regional.js
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

const REFLECTION = 'Jag lade innovation som första punkt på enhetsmötet. Tre idéer kom fram.';

// A card is visible and settled (the client renders it twice).
async function seen(page, text) {
  await page.getByText(text).last().waitFor({ timeout: 15000 });
  await page.waitForTimeout(700);
}

async function click(page, name) {
  await page.getByRole('button', { name, exact: typeof name === 'string' }).last().click();
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });

  // A reflection in the workbook, as a leader writes one.
  await send(page, 'modul');
  await seen(page, 'Vad innehåller Modul 1?');
  await click(page, 'Starta modulen');
  await seen(page, 'Övningar');
  await click(page, /^Övning 1/);
  await seen(page, 'Så här gör du');
  await click(page, 'Gör övningen');
  await seen(page, 'nu är övningen påbörjad');
  await click(page, 'Skriv reflektion');
  await seen(page, 'Dela med mitt Innovationsteam');
  await page.locator('.ac-adaptiveCard').last().getByRole('textbox').first().click();
  await page.keyboard.type(REFLECTION);
  await click(page, 'Skicka');
  await seen(page, 'Tack!');

  // The region, the municipality invited by name, joined, a regional cohort, all leaders.
  await send(page, 'region');
  await expect(page, 'Du har inga regioner ännu', 'regional-01-empty.png');
  await page.getByLabel('Regionens namn').last().fill('Norrbotten');
  await click(page, 'Skapa region');
  await expect(page, 'Regionen Norrbotten är skapad', 'regional-02-created.png');
  await page.getByLabel('Kommunernas namn eller tenant-id').last().fill('uppsala kommun');
  await click(page, 'Bjud in');
  await expect(page, 'Inbjudan till en region', 'regional-03-invited-by-name.png');
  await click(page, 'Gå med');
  await expect(page, 'Nu är er kommun med i Norrbotten', 'regional-04-joined.png');
  await send(page, 'region');
  await seen(page, 'Ny regional omgång');
  await page.getByLabel('Omgångens namn').last().fill('Året 2027');
  await page.getByLabel('Startar').last().fill('2026-12-01');
  await page.getByLabel('Slutar').last().fill('2027-12-17');
  await click(page, 'Skapa regional omgång');
  await expect(page, 'Den regionala omgången Året 2027 är skapad', 'regional-05-cohort.png');
  await send(page, 'region');
  await seen(page, 'vilka är med från er kommun');
  await page.getByText('Alla ledare i kommunen').last().click();
  await click(page, 'Spara valet');
  await expect(page, 'Sparat. Ert val gäller för Året 2027', 'regional-06-chosen.png');

  // Sharing: the leader's card, the preview, the share, the owner's view, taking it back.
  await send(page, 'region');
  await expect(page, 'Dela med regionen', 'regional-07-leader-card.png');
  await click(page, 'Förhandsgranska och dela');
  await expect(page, 'Vem ser den', 'regional-08-preview.png');
  await page.getByText('Jonas, Uppsala kommun').last().click();
  await click(page, 'Dela med regionen');
  await expect(page, 'Delat med Norrbotten', 'regional-09-shared.png');
  await send(page, 'region');
  await page.getByRole('button', { name: 'Delat från ledarna: Året 2027' }).first().click();
  await expect(page, 'Delat från ledarna i Året 2027', 'regional-10-owner-reads.png');
  await send(page, 'region');
  await seen(page, 'Det du delar');
  await click(page, 'Ta tillbaka');
  await expect(page, 'Taget tillbaka', 'regional-11-taken-back.png');
  await send(page, 'region');
  await page.getByRole('button', { name: 'Delat från ledarna: Året 2027' }).first().click();
  await expect(page, 'Ingen ledare har delat något ännu', 'regional-12-owner-after.png');

  // A meeting moved from the card and then cancelled: the participant is told each time.
  await send(page, 'region');
  await page.getByRole('button', { name: 'Träffar: Året 2027' }).first().click();
  await seen(page, 'Inga träffar ännu');
  await page.getByLabel('Datum').last().fill('2027-01-15');
  await page.getByLabel('Starttid').last().fill('13:00');
  await page.getByText('2,5 timmar').last().click();
  await page.getByLabel('Tema').last().fill('Tjänstedesign');
  await page.getByLabel('Agenda').last().fill('Lokala exempel från två kommuner.');
  await page.getByLabel('Länk till mötet (https://)').last().fill('https://teams.microsoft.com/l/x');
  await click(page, 'Spara och bjud in');
  await expect(page, 'Regionträff: Tjänstedesign', 'regional-13-announced.png');
  await page.getByRole('button', { name: 'Träffar: Året 2027' }).first().click();
  await seen(page, 'Flytta en träff');
  await page.getByText(/– Tjänstedesign$/).last().click();
  await page.getByLabel('Nytt datum').last().fill('2027-01-22');
  await page.getByLabel('Ny starttid').last().fill('09:30');
  await click(page, 'Flytta och meddela');
  await expect(page, 'är flyttad till', 'regional-14-moved.png');
  await expect(page, 'Ny tid: Tjänstedesign', 'regional-15-participant-told.png');
  await page.getByRole('button', { name: 'Träffar: Året 2027' }).first().click();
  await seen(page, 'Flytta en träff');
  await click(page, /^Ställ in/);
  await expect(page, 'Inställd: Tjänstedesign', 'regional-16-cancelled.png');

  // The municipality leaves: its shares go, it is counted no more.
  await send(page, 'region');
  await seen(page, 'Lämna regionen');
  await click(page, 'Lämna regionen');
  await expect(page, 'Er kommun har lämnat Norrbotten', 'regional-17-left.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
