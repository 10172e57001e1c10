// Try the foundation as a leader would: the welcome in the personal chat (its why unfolded),
// "Sätt igång!", "hjälp" with its buttons and "Fler kommandon",
// and text the bot does not know (mid-onboarding it leads back to the step the leader is on).
// Run from the project root: ../shared/playground/run.sh playground/foundation.js
const path = require('path');
const { launch, open, send, shot, SHOTS } = require(process.env.PW_HELPER);

// The last card whole, however tall, and its height (two screens here are about 1,800 px).
async function cardShot(page, name) {
  const card = page.locator('.ac-adaptiveCard').last();
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const { height } = await card.boundingBox();
  await page.setViewportSize({ width: 1400, height: Math.max(900, Math.ceil(height) + 400) });
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await card.screenshot({ path: path.join(SHOTS, name) });
  await page.setViewportSize({ width: 1400, height: 900 });
  console.log(`${name} ${Math.round(height)} px`);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(1000);
  console.log('welcome', await shot(page, 'foundation-1-welcome.png'));
  await cardShot(page, 'foundation-1a-welcome-card.png');
  await page.getByRole('button', { name: 'Läs varför' }).first().click();
  await page.waitForTimeout(500);
  await cardShot(page, 'foundation-1c-why-unfolded.png');
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
  await cardShot(page, 'foundation-3a-help-card.png');
  await page.getByRole('button', { name: 'Fler kommandon', exact: true }).last().click();
  await page.waitForTimeout(500);
  await cardShot(page, 'foundation-3b-help-more.png');
  await page.getByRole('button', { name: 'Övningar', exact: true }).last().click();
  await page.getByText('Övningsbiblioteket').last().waitFor({ timeout: 10000 });
  await cardShot(page, 'foundation-3c-library-from-help.png');

  await send(page, 'vad är klockan?');
  await page.getByText('Visa mitt steg igen').last().waitFor({ timeout: 10000 });  // a short answer, not the card again
  await page.waitForTimeout(500);
  console.log('unknown', await shot(page, 'foundation-4-unknown.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
