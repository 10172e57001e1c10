// The whole onboarding by hand, as a leader would do it in the personal chat.
// Run from the project root: ../shared/playground/run.sh playground/onboarding.js
const path = require('path');
const { launch, open, send, shot, SHOTS } = require(process.env.PW_HELPER);

const lastCard = (page) => page.locator('.ac-adaptiveCard').last();
const button = (page, name) => page.getByRole('button', { name, exact: true }).last();

async function cardShot(page, name) {
  const card = lastCard(page);
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  const file = path.join(SHOTS, name);
  await card.screenshot({ path: file });
  console.log(name);
}

async function clickAndWait(page, name, text) {
  await button(page, name).click();
  await page.getByText(text).last().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });
  await cardShot(page, 'onboarding-01-welcome.png');

  await clickAndWait(page, 'Sätt igång!', 'Läranderesan bygger på följande element');
  await cardShot(page, 'onboarding-02-elements.png');
  await clickAndWait(page, 'Nästa', 'Hur du kan individualisera din läranderesa');
  await cardShot(page, 'onboarding-03-individualise.png');
  await clickAndWait(page, 'Börja individualisera min resa!', 'Känner du till Område 1?');

  // Try "Nästa" without an answer first: the card itself should say what is missing.
  await button(page, 'Nästa').click();
  await page.waitForTimeout(800);
  await cardShot(page, 'onboarding-04a-familiarity-missing.png');

  const answers = ['Mycket väl', 'Ganska', 'Inte alls', 'Ganska', 'Jag vet inte', 'Mycket väl'];
  for (let n = 1; n <= 6; n++) {
    await page.getByRole('radio', { name: answers[n - 1], exact: true }).last().check();
    if (n === 1) await cardShot(page, 'onboarding-04-familiarity-1.png');
    const next = n < 6 ? 'Nästa' : 'Planera min läranderesa utifrån mina svar';
    const expect = n < 6 ? `Känner du till Område ${n + 1}?` : 'Din läranderesa';
    await clickAndWait(page, next, expect);
  }
  await cardShot(page, 'onboarding-05-plan.png');

  await clickAndWait(page, 'Gå vidare till mitt mål', 'Vad vill du uppnå');
  await cardShot(page, 'onboarding-06-goal.png');
  await page.getByRole('textbox', { name: /Mitt mål/ }).last().fill(
    'Mitt mål är att mina medarbetare ska våga testa nya idéer på våra enhetsmöten.');
  await clickAndWait(page, 'Spara mitt mål', 'Ditt nolläge');
  await cardShot(page, 'onboarding-07-starting-point.png');

  for (const level of ['Nivå 2 – Vi testar: Vi försöker att ha en positiv attityd',
    'Nivå 1 – Vi vet: Vi försöker lyssna', 'Nivå 2 – Vi testar: Vi avsätter tid',
    'Nivå 1 – Vi vet']) {
    await page.getByRole('radio', { name: new RegExp('^' + level) }).last().check();
  }
  await clickAndWait(page, 'Spara mitt nolläge', 'När föredrar du att arbeta?');
  await cardShot(page, 'onboarding-08-wishes.png');

  // Clicking the label, as a leader does, ticks the box.
  await page.getByText('Förmiddag', { exact: true }).last().click();
  await page.getByText('Eftermiddag', { exact: true }).last().click();
  await page.getByText('1 gång i veckan', { exact: true }).last().click();
  await clickAndWait(page, 'Visa lediga tider', 'Förslag på tider i din kalender');
  await cardShot(page, 'onboarding-09-proposal.png');

  await clickAndWait(page, 'Boka nu', 'Klart! Så här ser din expedition ut');
  await cardShot(page, 'onboarding-10-summary.png');

  await send(page, 'tidsplan');
  await page.getByText('Din tidsplan').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'onboarding-11-schedule.png');
  await send(page, 'hjälp');
  await page.getByText('Så här kan jag hjälpa dig').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'onboarding-12-help.png');
  console.log('page', await shot(page, 'onboarding-13-chat.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
