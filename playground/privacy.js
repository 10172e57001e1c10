// "mina data" as a leader reads it: the letter (what, why, how long), its buttons, and
// "Nya länkar" answering with a fresh letter.
// Run from the project root: ../shared/playground/run.sh playground/privacy.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(1000);

  await send(page, 'mina data');
  await page.getByText('Här berättar jag vad jag har sparat om dig').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(800);
  const letter = page.locator('.ac-adaptiveCard').last();
  await letter.scrollIntoViewIfNeeded();
  console.log('letter', await shot(page, 'privacy-1-letter.png'));
  await letter.screenshot({ path: `${process.env.SHOTS}/privacy-1b-letter-card.png` });
  if (await page.getByText('Övrigt').count()) throw new Error('a stored kind without a name');

  await page.getByRole('button', { name: 'Nya länkar' }).last().click();
  await page.waitForTimeout(1500);
  const letters = await page.getByText('Här berättar jag vad jag har sparat om dig').count();
  if (letters < 2) throw new Error(`"Nya länkar" gave no new letter (${letters})`);
  console.log('fresh links', await shot(page, 'privacy-2-fresh-links.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
