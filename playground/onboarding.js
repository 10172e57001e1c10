// The whole onboarding by hand, as a leader would do it in the personal chat, with free text
// typed at every step (greetings, thanks, questions, typos): each gets a short answer with the
// way back, never the whole card again.
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

const cards = (page) => page.locator('.ac-adaptiveCard');

// Write something, wait for the bot's answer (a card, or a text when `card` is false).
async function write(page, text, { card = true } = {}) {
  const before = card ? await cards(page).count() : 0;
  await send(page, text);
  if (card) {
    await page.waitForFunction(
      (n) => document.querySelectorAll('.ac-adaptiveCard').length > n, before, { timeout: 15000 });
  }
  await page.waitForTimeout(800);
}

// Click a button that answers with a new card (the way back), and wait for that card.
async function clickForCard(page, name, expect) {
  const before = await cards(page).count();
  await button(page, name).click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('.ac-adaptiveCard').length > n, before, { timeout: 15000 });
  await lastCard(page).getByText(expect).first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
}

// Free text at a step: the short answer, then its button back to the step.
async function aside(page, text, name, back, expect) {
  await write(page, text);
  await cardShot(page, name);
  await clickForCard(page, back, expect);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });
  await cardShot(page, 'onboarding-01-welcome.png');
  await aside(page, 'hej', 'free-01-welcome-hej.png', 'Visa välkomstkortet', 'Lär dig innovera');

  await clickAndWait(page, 'Sätt igång!', 'Läranderesan bygger på följande element');
  await cardShot(page, 'onboarding-02-elements.png');
  await aside(page, 'vad är det här?', 'free-02-elements-question.png', 'Visa mitt steg igen',
    'Läranderesan bygger på följande element');
  await clickAndWait(page, 'Nästa', 'Hur du kan individualisera din läranderesa');
  await cardShot(page, 'onboarding-03-individualise.png');
  await write(page, 'tack', { card: false });
  console.log('page', await shot(page, 'free-03-individualise-tack.png'));
  await clickAndWait(page, 'Börja individualisera min resa!', 'Känner du till Område 1?');

  // Try "Nästa" without an answer first: the card itself should say what is missing.
  await button(page, 'Nästa').click();
  await page.waitForTimeout(800);
  await cardShot(page, 'onboarding-04a-familiarity-missing.png');

  // A near miss: "Menade du …?", and "Nej, inget av dem" answers briefly in its place.
  await write(page, 'data');
  await cardShot(page, 'free-04-familiarity-did-you-mean.png');
  await button(page, 'Nej, inget av dem').click();
  await page.getByText('Skriv gärna med andra ord').last().waitFor({ timeout: 15000 });
  await cardShot(page, 'free-04b-familiarity-none-of-them.png');
  await clickForCard(page, 'Visa mitt steg igen', 'Känner du till Område 1?');

  const answers = ['Mycket väl', 'Ganska', 'Inte alls', 'Ganska', 'Jag vet inte', 'Mycket väl'];
  for (let n = 1; n <= 6; n++) {
    await page.getByRole('radio', { name: answers[n - 1], exact: true }).last().check();
    if (n === 1) await cardShot(page, 'onboarding-04-familiarity-1.png');
    const next = n < 6 ? 'Nästa' : 'Planera min läranderesa utifrån mina svar';
    const expect = n < 6 ? `Känner du till Område ${n + 1}?` : 'Din läranderesa';
    await clickAndWait(page, next, expect);
  }
  await cardShot(page, 'onboarding-05-plan.png');
  await write(page, 'hjälo');  // a typo of "hjälp": the help card, the step stays
  await cardShot(page, 'free-05-plan-help-typo.png');
  await write(page, 'träff');
  await cardShot(page, 'free-05b-plan-did-you-mean.png');
  await clickForCard(page, 'Tidsplan', 'Din tidsplan');  // the button runs the command
  await cardShot(page, 'free-05c-plan-schedule.png');
  await write(page, 'fortsätt');
  await lastCard(page).getByText('Gå vidare till mitt mål').first().waitFor({ timeout: 15000 });

  await clickAndWait(page, 'Gå vidare till mitt mål', 'Vad vill du uppnå');
  await cardShot(page, 'onboarding-06-goal.png');
  await write(page, 'vad menar du med mål?');  // a question: asked about, not saved
  await cardShot(page, 'free-06-goal-question.png');
  await clickForCard(page, 'Nej', 'Vad vill du uppnå');
  await page.getByRole('textbox', { name: /Mitt mål/ }).last().fill(
    'Mitt mål är att mina medarbetare ska våga testa nya idéer på våra enhetsmöten.');
  await clickAndWait(page, 'Spara mitt mål', 'Ditt nolläge');
  await cardShot(page, 'onboarding-07-starting-point.png');
  await aside(page, 'hmm, okej', 'free-07-starting-point-hmm.png', 'Visa mitt steg igen',
    'Spara mitt nolläge');

  for (const level of ['Nivå 2 – Vi testar: Vi försöker att ha en positiv attityd',
    'Nivå 1 – Vi vet: Vi försöker lyssna', 'Nivå 2 – Vi testar: Vi avsätter tid',
    'Nivå 1 – Vi vet']) {
    await page.getByRole('radio', { name: new RegExp('^' + level) }).last().check();
  }
  await clickAndWait(page, 'Spara mitt nolläge', 'När föredrar du att arbeta?');
  await cardShot(page, 'onboarding-08-wishes.png');
  await aside(page, 'God morgon!', 'free-08-wishes-greeting.png', 'Visa mitt steg igen',
    'Visa lediga tider');

  // Clicking the label, as a leader does, ticks the box.
  await page.getByText('Förmiddag', { exact: true }).last().click();
  await page.getByText('Eftermiddag', { exact: true }).last().click();
  await page.getByText('1 gång i veckan', { exact: true }).last().click();
  await clickAndWait(page, 'Visa lediga tider', 'Förslag på tider i din kalender');
  await cardShot(page, 'onboarding-09-proposal.png');

  await clickAndWait(page, 'Boka nu', 'Klart! Så här ser din expedition ut');
  await cardShot(page, 'onboarding-10-summary.png');
  await write(page, 'Tusen tack!', { card: false });
  await write(page, 'asdf');  // nothing: a sentence, the next step and Hjälp
  await cardShot(page, 'free-10-after-nothing.png');

  await send(page, 'tidsplna');
  await page.getByText('Din tidsplan').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'onboarding-11-schedule.png');
  await send(page, 'hjälp');
  await page.getByText('Så här kan jag hjälpa dig').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'onboarding-12-help.png');
  console.log('page', await shot(page, 'onboarding-13-chat.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
