// Try the foundation as a leader would: the welcome in the personal chat, "Sätt igång!", "hjälp",
// and text the bot does not know (mid-onboarding it leads back to the step the leader is on).
// Run from the project root: ../shared/playground/run.sh playground/foundation.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(1000);
  console.log('welcome', await shot(page, 'foundation-1-welcome.png'));
  await page.getByRole('button', { name: 'Lär dig innovera i din vardag' }).first().click();
  await page.waitForTimeout(500);
  console.log('learn more', await shot(page, 'foundation-1b-learn-more.png'));

  await page.getByRole('button', { name: 'Sätt igång!' }).first().click();
  await page.getByText('Läranderesan bygger på följande element').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  console.log('elements', await shot(page, 'foundation-2-elements.png'));

  await send(page, 'hjälp');
  await page.getByText('Så här kan jag hjälpa dig').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  console.log('help', await shot(page, 'foundation-3-help.png'));

  await send(page, 'vad är klockan?');
  await page.getByText('Vi fortsätter där du var').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  console.log('unknown', await shot(page, 'foundation-4-unknown.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
