// Learning by hand in the personal chat: module 1, an exercise with its tips, a reflection,
// the exercise library (its modules, one module, by time), the maturity self-assessment, the
// workbook with its chart, and the help with its buttons. Prints each card's height.
// Run from the project root: ../shared/playground/run.sh playground/learning.js
const path = require('path');
const { launch, open, send, shot, SHOTS } = require(process.env.PW_HELPER);

const lastCard = (page) => page.locator('.ac-adaptiveCard').last();

// The whole card, however tall (the viewport grows for the shot), and its height in pixels:
// a card a leader sees should not be much taller than two screens (about 1,800 px here).
async function cardShot(page, name) {
  const card = lastCard(page);
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(600);
  const { height } = await card.boundingBox();
  await page.setViewportSize({ width: 1400, height: Math.max(900, Math.ceil(height) + 400) });
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await card.screenshot({ path: path.join(SHOTS, name) });
  await page.setViewportSize({ width: 1400, height: 900 });
  console.log(`${name} ${Math.round(height)} px`);
}

async function click(page, name, expect) {
  await page.getByRole('button', { name, exact: typeof name === 'string' }).last().click();
  await page.getByText(expect).last().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });

  await send(page, 'modul');
  await page.getByText('Vad innehåller Modul 1?').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'learning-01-module-overview.png');
  await click(page, 'Starta modulen', 'Övningar');
  await cardShot(page, 'learning-02-module-introduction.png');
  await click(page, /^Övning 1/, 'Så här gör du');
  await page.getByRole('button', { name: '?', exact: true }).first().click();
  await cardShot(page, 'learning-03-exercise-with-tip.png');
  await click(page, 'Gör övningen', 'nu är övningen påbörjad');
  await click(page, 'Skriv reflektion', 'Dela med mitt Innovationsteam');
  await lastCard(page).getByRole('textbox').first().click();
  await page.keyboard.type('Jag lade innovation som första punkt på enhetsmötet. Det blev tyst en ' +
    'stund, men sedan kom tre idéer som vi ska testa redan nästa vecka.');
  await cardShot(page, 'learning-04-reflection.png');
  await click(page, 'Skicka', 'Tack!');
  await cardShot(page, 'learning-05-reflection-sent.png');

  await send(page, 'övningar');
  await page.getByText('Övningsbiblioteket').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'learning-06-library-modules.png');
  await click(page, 'Modul 4: Förstå er användare', 'Beskriv era användare');
  await cardShot(page, 'learning-06b-library-module-4.png');
  await click(page, 'Tillbaka till alla moduler', 'Modul 6: Utveckla gruppen');
  await send(page, 'jag har 15 minuter');
  await page.getByText(/ryms på 15 minuter/).last().waitFor({ timeout: 10000 });
  await cardShot(page, 'learning-07-library-15-minutes.png');
  await send(page, 'jag har en halvtimme');
  await page.getByText(/7 övningar ryms på 30 minuter/).last().waitFor({ timeout: 10000 });
  await cardShot(page, 'learning-07b-library-30-minutes.png');

  await send(page, 'arbetsboken');
  await page.getByText(/Skatta din innovationsmognad/).last().waitFor({ timeout: 15000 });
  await cardShot(page, 'learning-08-workbook-before.png');
  await click(page, /Skatta din innovationsmognad/, 'Spara min skattning');
  for (const level of ['Nivå 2 – Vi testar: Vi försöker att ha en positiv attityd',
    'Nivå 1 – Vi vet: Vi försöker lyssna', 'Nivå 3 – Vi gör: Vi har utvecklade rutiner',
    'Nivå 2 – Vi testar: Vi bjuder in andra']) {
    await page.getByText(level).last().click();
  }
  await click(page, 'Spara min skattning', 'Din innovationsmognad över tid');
  await page.waitForTimeout(2000);  // the chart is an image the client fetches from the bot
  await cardShot(page, 'learning-09-workbook-with-chart.png');
  await click(page, 'Visa dina skattningar', 'Vid start');
  await cardShot(page, 'learning-09b-workbook-grades-unfolded.png');
  await click(page, 'Visa övningarna', 'Modul 4: Förstå er användare');
  await cardShot(page, 'learning-09c-suggested-module.png');

  await send(page, 'hjälp');
  await page.getByText('Så här kan jag hjälpa dig').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'learning-11-help.png');
  await page.getByRole('button', { name: 'Fler kommandon', exact: true }).last().click();
  await page.getByText('Radera allt jag har sparat om dig').last().waitFor({ timeout: 5000 });
  await cardShot(page, 'learning-11b-help-more.png');
  await page.getByRole('button', { name: 'Arbetsboken', exact: true }).last().click();
  await page.getByText(/Skatta din innovationsmognad|Din innovationsmognad över tid/).last()
    .waitFor({ timeout: 15000 });
  await cardShot(page, 'learning-12-workbook-from-help.png');
  console.log(await shot(page, 'learning-10-chat.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
