// A leader's suggestion (återkoppling), then a coordinator in the personal chat: "uppföljning" (counts, "färre än 5", the CSV link),
// "samordnare" (roles card), naming a coach by typing. Name the emulator's user coordinator
// on the bot's database first (see README, "For coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/coordination.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'återkoppling');
  await expect(page, 'Återkoppling till programmet', 'coordination-0-feedback.png');
  await page.getByLabel('Ditt förslag').last().fill('Gärna fler exempel från andra kommuner');
  await page.getByText('Skicka anonymt').last().click();
  await page.getByRole('button', { name: 'Skicka', exact: true }).last().click();
  await expect(page, 'skickats anonymt', 'coordination-0-feedback-sent.png');
  await send(page, 'uppföljning');
  await expect(page, 'Ladda ner som CSV', 'coordination-1-follow-up.png');
  await send(page, 'stöttepelare lägg till karin.lund@uppsala.example');
  await expect(page, 'är nu stöttepelare', 'coordination-2-named.png');
  await send(page, 'samordnare');
  await expect(page, 'Samordnare och stöttepelare', 'coordination-3-roles.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
