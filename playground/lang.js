// English as the second language. Microsoft's emulator always sends the locale en-US, so without
// LANGUAGE_FROM_LOCALE=false the bot speaks English here (Swedish where a text has no twin yet).
// "svenska" and "english" choose, and win over the locale.
// Run from the project root (a fresh database):
//   BOT_CMD="env DATABASE_URL=sqlite+aiosqlite:////tmp/lang.db .venv/bin/python app.py" \
//     ../shared/playground/run.sh playground/lang.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(1000);
  console.log('welcome (en-US)', await shot(page, 'lang-1-welcome-en-us.png'));

  await send(page, 'svenska');
  await page.getByText('Nu pratar jag svenska med dig.').first().waitFor({ timeout: 10000 });
  await send(page, 'hjälp');
  await page.getByText('Så här kan jag hjälpa dig').last().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  console.log('chose Swedish', await shot(page, 'lang-2-svenska.png'));

  await send(page, 'english');
  await page.getByText("I'll speak English with you from now on.").first().waitFor({ timeout: 10000 });
  await send(page, 'help');
  await page.waitForTimeout(1500);
  console.log('chose English', await shot(page, 'lang-3-english.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
