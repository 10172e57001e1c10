// The first welcome in the other language: Teams' install notice carries no locale, so the
// welcome can come in Swedish to someone whose Teams is in English. "In English" on the card
// chooses English and turns the same card into English; "Let's go!" goes on in English.
// Run from the project root (a fresh database; LANGUAGE_FROM_LOCALE=false so the emulator's
// en-US does not decide first):
//   BOT_CMD="env LANGUAGE_FROM_LOCALE=false DATABASE_URL=sqlite+aiosqlite:////tmp/lw.db .venv/bin/python app.py" \
//     ../shared/playground/run.sh playground/lang_welcome.js
const { launch, open, shot } = require(process.env.PW_HELPER);

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  await page.getByText('Välkommen').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(800);
  console.log('welcome in Swedish', await shot(page, 'lang-welcome-1-sv.png'));

  await page.getByRole('button', { name: 'In English' }).last().click();
  await page.getByText('Welcome').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(800);
  console.log('the same card in English', await shot(page, 'lang-welcome-2-en.png'));

  await page.getByRole('button', { name: "Let's go!" }).last().click();
  await page.waitForTimeout(2500);
  console.log('going on in English', await shot(page, 'lang-welcome-3-started.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
