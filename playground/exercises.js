// One library exercise of each theme, opened from "övningar" as a leader would: its
// introduction, "Gör gärna ... först", time, preparation, steps with a tip opened, the
// organisation's examples, "Dina anteckningar" written and saved, questions and sharing.
// Run from the project root: ../shared/playground/run.sh playground/exercises.js
const path = require('path');
const { launch, open, send, shot, SHOTS } = require(process.env.PW_HELPER);

const lastCard = (page) => page.locator('.ac-adaptiveCard').last();

// The whole card in one picture: a tall window for the shot, then the usual 900 px again.
// The height printed is how long the card is (the usual window shows about 800 px of chat).
async function cardShot(page, name) {
  await page.setViewportSize({ width: 1400, height: 2200 });
  const card = lastCard(page);
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(800);
  await card.screenshot({ path: path.join(SHOTS, name) });
  const box = await card.boundingBox();
  console.log(`${name} ${Math.round(box.width)}x${Math.round(box.height)}`);
  await page.setViewportSize({ width: 1400, height: 900 });
}

// The library shows its modules first; a module lists its exercises, with "Gör övningen" on
// those not started yet. Each theme is a module: its first exercise's number and its button.
const MODULES = [
  [1, 'Modul 2: Utforska nya perspektiv'], [5, 'Modul 3: Gör plats för innovation'],
  [10, 'Modul 4: Förstå er användare'], [13, 'Modul 5: Kom på nya idéer'],
  [15, 'Modul 6: Utveckla gruppen'],
];
const started = [];
async function openFromLibrary(page, number, title) {
  const [first, module] = MODULES.filter(([n]) => n <= number).pop();
  const index = number - first - started.filter((n) => n >= first && n < number).length;
  started.push(number);
  await send(page, 'övningar');
  await page.getByText('Övningsbiblioteket').last().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  await lastCard(page).getByRole('button', { name: module, exact: true }).click();
  await page.waitForTimeout(1000);
  await lastCard(page).getByRole('button', { name: 'Gör övningen', exact: true })
    .nth(index).click();
  await page.getByText('nu är övningen påbörjad').last().waitFor({ timeout: 15000 });
  await lastCard(page).getByText(title).first().waitFor({ timeout: 5000 });
  await page.waitForTimeout(500);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });

  // Theme 1, with Uppsala kommun's own example.
  await openFromLibrary(page, 1, 'Utforska innovation');
  await cardShot(page, 'exercises-1-utforska-innovation.png');

  // Theme 2: builds on "Gör en egen antipilot"; a tip opened; notes written and saved.
  await openFromLibrary(page, 6, 'Gör en antipilot i verksamheten');
  await lastCard(page).getByRole('button', { name: '?', exact: true }).nth(1).click();
  await lastCard(page).getByRole('button', { name: 'Dina anteckningar', exact: true }).click();
  await lastCard(page).getByRole('textbox').first().click();
  await page.keyboard.type('Kandidater: veckobrevet, den dubbla rapporteringen till ekonomi.');
  await cardShot(page, 'exercises-2-antipilot-tip-and-notes.png');
  await lastCard(page).getByRole('button', { name: 'Spara anteckningar', exact: true }).click();
  await page.getByText('Dina anteckningar är sparade').last().waitFor({ timeout: 15000 });
  await cardShot(page, 'exercises-3-antipilot-notes-saved.png');

  // Theme 3: builds on two exercises.
  await openFromLibrary(page, 12, 'Skapa en användarresa');
  await cardShot(page, 'exercises-4-anvandarresa.png');

  // Theme 4 and 5.
  await openFromLibrary(page, 14, 'Lös utmaningar med kreativitet');
  await cardShot(page, 'exercises-5-kreativitet.png');
  await openFromLibrary(page, 15, 'Stärk graden av tillit');
  await cardShot(page, 'exercises-6-tillit.png');
  // The reflection card asks the exercise's own questions.
  await lastCard(page).getByRole('button', { name: 'Skriv reflektion', exact: true }).click();
  await page.getByText('Dela med mitt Innovationsteam').last().waitFor({ timeout: 15000 });
  await cardShot(page, 'exercises-7-tillit-reflection.png');
  console.log(await shot(page, 'exercises-8-chat.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
