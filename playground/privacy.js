// "mina data" as a leader reads it: the letter (what, why, how long) right after the welcome,
// "Nya länkar", then after a whole onboarding (goal, starting point, booked times), and
// "radera mina data" with its confirmation.
// Run from the project root: ../shared/playground/run.sh playground/privacy.js
const path = require('path');
const { launch, open, send, shot, SHOTS } = require(process.env.PW_HELPER);

const LETTER = 'Här berättar jag vad jag har sparat om dig';
const lastCard = (page) => page.locator('.ac-adaptiveCard').last();
const button = (page, name) => page.getByRole('button', { name, exact: true }).last();

async function cardShot(page, name) {
  const card = lastCard(page);
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await card.screenshot({ path: path.join(SHOTS, name) });
  const box = await card.boundingBox();
  console.log(name, `card height ${Math.round(box.height)} px`);
}

async function clickAndWait(page, name, text) {
  await button(page, name).click();
  await page.getByText(text).last().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
}

async function onboard(page) {
  await clickAndWait(page, 'Sätt igång!', 'Läranderesan bygger på följande element');
  await clickAndWait(page, 'Nästa', 'Hur du kan individualisera din läranderesa');
  await clickAndWait(page, 'Börja individualisera min resa!', 'Känner du till Område 1?');
  for (let n = 1; n <= 6; n++) {
    await page.getByRole('radio', { name: 'Ganska', exact: true }).last().check();
    const next = n < 6 ? 'Nästa' : 'Planera min läranderesa utifrån mina svar';
    await clickAndWait(page, next, n < 6 ? `Känner du till Område ${n + 1}?` : 'Din läranderesa');
  }
  await clickAndWait(page, 'Gå vidare till mitt mål', 'Vad vill du uppnå');
  await page.getByRole('textbox', { name: /Mitt mål/ }).last().fill(
    'Mitt mål är att mina medarbetare ska våga testa nya idéer på våra enhetsmöten.');
  await clickAndWait(page, 'Spara mitt mål', 'Ditt nolläge');
  for (const level of ['Nivå 2 – Vi testar: Vi försöker att ha en positiv attityd',
    'Nivå 1 – Vi vet: Vi försöker lyssna', 'Nivå 2 – Vi testar: Vi avsätter tid',
    'Nivå 1 – Vi vet']) {
    await page.getByRole('radio', { name: new RegExp('^' + level) }).last().check();
  }
  await clickAndWait(page, 'Spara mitt nolläge', 'När föredrar du att arbeta?');
  await page.getByText('Förmiddag', { exact: true }).last().click();
  await page.getByText('1 gång i veckan', { exact: true }).last().click();
  await clickAndWait(page, 'Visa lediga tider', 'Förslag på tider i din kalender');
  await clickAndWait(page, 'Boka nu', 'Klart! Så här ser din expedition ut');
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });

  await send(page, 'mina data');
  await page.getByText(LETTER).first().waitFor({ timeout: 10000 });
  await cardShot(page, 'privacy-1-letter-new.png');
  await button(page, 'Nya länkar').click();
  await page.waitForTimeout(1500);
  const letters = await page.getByText(LETTER).count();
  if (letters < 2) throw new Error(`"Nya länkar" gave no new letter (${letters})`);
  console.log('fresh links', await shot(page, 'privacy-2-fresh-links.png'));

  await onboard(page);
  await send(page, 'mina data');
  await page.waitForFunction((t) => document.body.innerText.split(t).length > 3, LETTER);
  await cardShot(page, 'privacy-3-letter-onboarded.png');
  if (await page.getByText('Övrigt').count()) throw new Error('a stored kind without a name');

  await send(page, 'radera mina data');
  await page.getByText('Radera mina data?').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'privacy-4-confirm.png');
  await clickAndWait(page, 'Ja, radera', 'Dina data är raderade');
  await cardShot(page, 'privacy-5-erased.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
