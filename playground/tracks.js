// Audience tracks: a coordinator starts a cohort on the politicians' track ("Förtroendevalda")
// from the "omgång" card, then sees that track's modules and library as a member of it. Name
// the emulator's user coordinator on the bot's database first (see README, "For
// coordinators"), and give TRACKS_DB the SQLite file: the emulator's personal chat gives the
// bot no e-mail address (a team's roster does), so the flow writes the user's address into the
// database as a roster would, to tie them to the cohort. Run from the project root:
// TRACKS_DB=/tmp/emu-tracks.db ../shared/playground/run.sh playground/tracks.js
const { execFileSync } = require('child_process');
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

const ADDRESS = 'jonas.gumbel@uppsala.example';

function knowAddress() {
  const sql = `update people set email = '${ADDRESS}' where name like 'Jonas%'`;
  execFileSync('python3', ['-c',
    `import sqlite3; c = sqlite3.connect(${JSON.stringify(process.env.TRACKS_DB)}); ` +
    `c.execute(${JSON.stringify(sql)}); c.commit()`]);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'omgång');
  await expect(page, 'Vilket spår ska omgången följa?', 'tracks-1-card.png');
  await page.getByLabel('Omgångens namn').last().fill('Nämnden 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill(`${ADDRESS}\nkarin.lund@uppsala.example`);
  await page.getByRole('radio', { name: /Förtroendevalda/ }).last().check();
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await expect(page, 'Omgången följer spåret Förtroendevalda', 'tracks-2-started.png');
  await send(page, 'omgång');
  await expect(page, 'spår Förtroendevalda', 'tracks-3-listed.png');

  knowAddress();
  await send(page, 'modul');
  await expect(page, 'Vad innehåller Modul 1?', 'tracks-4-module.png');
  await page.getByText('Invånarna i centrum').last().waitFor({ timeout: 15000 });
  await send(page, 'övningar');
  await expect(page, 'övningarna till modul 1–3', 'tracks-5-library.png');
  await send(page, 'jag har 30 minuter');
  await expect(page, 'Fråga efter användarna i underlaget', 'tracks-6-30-minutes.png');
  await page.getByRole('button', { name: 'Gör övningen' }).nth(-2).click();
  await expect(page, 'Ställ en av frågorna på nästa möte', 'tracks-7-exercise.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
