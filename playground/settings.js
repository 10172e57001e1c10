// A coordinator's "inställningar": change the "why" text and the Stöttepelare, preview, publish;
// then the welcome ("börja om", "Läs varför") shows the new text and "hjälp" the Stöttepelare,
// without a restart. Name the emulator's user coordinator on the bot's database first (see
// README, "For coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/settings.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'inställningar');
  await expect(page, 'Vad vill du ändra?', 'settings-1-overview.png');
  await page.getByRole('button', { name: 'Allmänt' }).last().click();
  await page.getByLabel('Varför ni gör Expedition Innovation').last().waitFor({ timeout: 15000 });
  await page.getByLabel('Varför ni gör Expedition Innovation').last().fill(
    'Vi i Uppsala vill våga prova nytt.\n\nDärför lär vi oss innovera tillsammans, ett steg i taget.');
  await page.getByRole('button', { name: 'Förhandsgranska' }).last().click();
  await expect(page, 'Förhandsvisning av version 1', 'settings-2-preview.png');
  await page.getByRole('button', { name: 'Stöttepelare' }).last().click();  // on the same draft
  // The textbox, not the button of the same name on the preview before it.
  await page.getByRole('textbox', { name: 'Stöttepelare' }).last().waitFor({ timeout: 15000 });
  await page.getByRole('textbox', { name: 'Stöttepelare' }).last().fill(
    'Per Ek; innovationsledare; per.ek@uppsala.example\nKarin Lund; coach; Teams-kanalen Innovation');
  await page.getByRole('button', { name: 'Förhandsgranska' }).last().click();
  await expect(page, 'Förhandsvisning av version 2', 'settings-2-preview-again.png');
  await page.getByRole('button', { name: 'Publicera' }).last().click();
  await expect(page, 'gäller nu för alla i kommunen', 'settings-3-published.png');
  await send(page, 'börja om');
  await page.waitForTimeout(2000);
  const welcome = page.locator('.ac-adaptiveCard').last();
  await welcome.getByRole('button', { name: 'Läs varför' }).click();
  await welcome.getByText('Vi i Uppsala vill våga prova nytt.').waitFor({ timeout: 15000 });
  console.log('settings-4-welcome.png', await shot(page, 'settings-4-welcome.png'));
  await send(page, 'hjälp');
  await expect(page, 'Dina stöttepelare', 'settings-5-help.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
