// The leader's home in the personal chat: "meny" mid-onboarding (progress tiles, the next step,
// Innovationsteam / Arbetsboken / Tidsplan / Hjälp), the navigation buttons, "pausa" and
// "fortsätt". Run from the project root: ../shared/playground/run.sh playground/home.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'Sätt igång!' }).first().click();
  await page.getByText('Läranderesan bygger på följande element').first().waitFor({ timeout: 10000 });

  await send(page, 'meny');
  await expect(page, 'Så här långt har du kommit', 'home-1-menu.png');
  await page.getByRole('button', { name: 'Tidsplan' }).last().click();
  await expect(page, 'Din tidsplan', 'home-2-schedule.png');
  await send(page, 'innovationsteam');
  await expect(page, 'Du är inte med i något Innovationsteam', 'home-3-team.png');
  await send(page, 'pausa');
  await expect(page, 'nu har du pausat', 'home-4-paused.png');
  await send(page, 'meny');
  await expect(page, 'Du har pausat. Skriv', 'home-5-menu-paused.png');
  await page.getByRole('button', { name: 'Fortsätt', exact: true }).last().click();
  await expect(page, 'Välkommen tillbaka', 'home-6-back.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
