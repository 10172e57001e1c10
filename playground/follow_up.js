// A coordinator's follow-up ("uppföljning") per municipality and per cohort, with the chart.
// Needs a database with a cohort and some leaders, and the emulator's user named coordinator
// (see README, "For coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/follow_up.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

async function top(page, text, name) {
  await page.getByText(text).last().scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  console.log(name, await shot(page, name));
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  // The welcome card comes only the first time this user meets the bot.
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 8000 }).catch(() => {});

  await send(page, 'uppföljning');
  await expect(page, 'Visa uppföljningen för', 'follow-up-1-municipality-end.png');
  await top(page, 'Visa uppföljningen för', 'follow-up-1-municipality-top.png');
  await page.getByRole('radio', { name: 'Omgång: Våren 2027' }).last().check();
  await page.getByRole('button', { name: 'Visa', exact: true }).last().click();
  await expect(page, 'Innovationsteam i omgången', 'follow-up-2-cohort-end.png');
  await top(page, 'Visa uppföljningen för', 'follow-up-2-cohort-top.png');
  const [popup] = await Promise.all([
    page.waitForEvent('popup', { timeout: 15000 }),
    page.getByText('Visa diagram').last().click(),
  ]);
  await popup.waitForLoadState();
  await popup.waitForTimeout(1500);
  console.log('follow-up-3-chart.png', await shot(popup, 'follow-up-3-chart.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
