// Modules 2-6 by hand in the personal chat: "framsteg" lists every module with "Visa Modul N";
// each overview ("Vad innehåller Modul N?") is photographed, and module 2 is started to show
// its exercises and its group session's own agenda.
// Run from the project root: ../shared/playground/run.sh playground/modules.js
const path = require('path');
const { launch, open, send, shot, SHOTS } = require(process.env.PW_HELPER);

const lastCard = (page) => page.locator('.ac-adaptiveCard').last();

async function cardShot(page, name) {
  const card = lastCard(page);
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(600);
  await card.screenshot({ path: path.join(SHOTS, name) });
  console.log(name);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });

  for (const number of [2, 3, 4, 5, 6]) {
    await send(page, 'framsteg');
    await page.getByText('Dina framsteg').last().waitFor({ timeout: 10000 });
    await lastCard(page).getByRole('button', { name: `Visa Modul ${number}`, exact: true }).click();
    await page.getByText(`Vad innehåller Modul ${number}?`).last().waitFor({ timeout: 10000 });
    await page.waitForTimeout(500);
    await cardShot(page, `modules-0${number}-overview.png`);
  }
  await send(page, 'framsteg');
  await page.getByText('Dina framsteg').last().waitFor({ timeout: 10000 });
  await lastCard(page).getByRole('button', { name: 'Visa Modul 2', exact: true }).click();
  await page.getByText('Vad innehåller Modul 2?').last().waitFor({ timeout: 10000 });
  await lastCard(page).getByRole('button', { name: 'Starta modulen', exact: true }).click();
  await page.getByText('Agenda för sittningen').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'modules-07-module-2-started.png');
  console.log(await shot(page, 'modules-08-chat.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
