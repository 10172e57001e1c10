// One-to-one contacts "på tu man hand": "kontakt" shows the request card; sent without a line
// it comes back with the Swedish message; sent in a municipality that joined no region it
// says so. (Pairing needs two tenants of one region: see tests/coordination/
// test_contacts_in_teams.py.) Run from the project root:
// ../shared/playground/run.sh playground/pair.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'på tu man hand');
  await expect(page, 'Den andra ser bara ditt förnamn', 'pair-1-request.png');
  await page.getByText('Temat Förstå er användare').last().click();
  await page.getByLabel('Presentera dig med en mening').last().fill('Enhetschef i hemtjänsten som vill testa tjänstedesign');
  await page.getByRole('button', { name: 'Hitta en kontakt' }).last().click();
  await expect(page, 'inte med i någon region', 'pair-2-no-region.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
