// A coordinator's "inställningar" beyond the texts: Tider with a mistake shown back, then the
// working days, a module's introduction film, a local example and a Stöttepelare, all in one
// version; then the module shows the film and the Stöttepelare. Name the emulator's user coordinator on the bot's database first (see
// README, "For coordinators"). Run from the project root:
// ../shared/playground/run.sh playground/settings_sections.js
const { launch, open, send, shot } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

const FILM = 'https://play.uppsala.example/modul-1';

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });
  const card = () => page.locator('.ac-adaptiveCard').last();
  const button = (name) => card().getByRole('button', { name, exact: true }).click();

  await send(page, 'inställningar');
  await expect(page, 'Vad vill du ändra?', 'sections-1-overview.png');
  await button('Tider');
  await expect(page, 'Kommunens inställningar: Tider', 'sections-2-times.png');
  await card().getByLabel('Arbetsdagen slutar').fill('07:00');
  await button('Förhandsgranska');
  await expect(page, 'Arbetsdagen behöver sluta senare än den börjar.', 'sections-3-times-wrong.png');
  await card().getByLabel('Arbetsdagen slutar').fill('16:00');
  await card().getByRole('checkbox', { name: 'fredag' }).uncheck();
  await button('Förhandsgranska');
  await expect(page, 'Måndag, tisdag, onsdag, torsdag kl. 08:00–16:00', 'sections-4-preview.png');

  await button('Filmer');
  await expect(page, 'Kommunens inställningar: Filmer', 'sections-5-films.png');
  await card().getByLabel('Introduktionsfilmen').first().fill(FILM);
  await button('Förhandsgranska');
  await expect(page, 'Förhandsvisning av version 2', 'sections-6-preview.png');

  await button('Lokala exempel');
  await expect(page, 'Övningar med lokala exempel nu', 'sections-7-examples-pick.png');
  await button('Skriv exempel');
  await card().getByLabel(/Lokala exempel till övning 1/).waitFor({ timeout: 15000 });
  await card().getByLabel(/Lokala exempel till övning 1/).fill(
    'Arbetsmarknadsförvaltningens idésluss.\n\nBiblioteken testar öppet hus för nya idéer.');
  await button('Förhandsgranska');
  await expect(page, 'Förhandsvisning av version 3', 'sections-8-preview.png');
  await button('Stöttepelare');
  await page.getByText('Kommunens inställningar: Stöttepelare').last().waitFor({ timeout: 15000 });
  await card().getByRole('textbox', { name: 'Stöttepelare' }).fill('Per Ek; innovationsledare; per.ek@uppsala.example');
  await button('Förhandsgranska');
  await expect(page, 'Förhandsvisning av version 4', 'sections-9-preview.png');
  await button('Publicera');
  await expect(page, 'Version 4 gäller nu', 'sections-10-published.png');

  await send(page, 'hjälp');  // what leaders see: "Dina stöttepelare"
  await expect(page, 'Per Ek, innovationsledare', 'sections-11-help.png');
  await send(page, 'modul');  // the overview lists the published film
  await expect(page, 'Vad innehåller Modul 1?', 'sections-12-module-overview.png');
  await button('Starta modulen');  // the introduction: film button and the Stöttepelare line
  await expect(page, 'Dina stöttepelare: Per Ek', 'sections-13-module.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
