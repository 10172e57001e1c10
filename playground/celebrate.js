// A coordinator answers an anonymous suggestion and celebrates a cohort ("fira") in the
// personal chat. The emulator's user is both the leader who sends the suggestion and the
// coordinator who answers it, so the relayed answer arrives in the same chat. Name the
// emulator's user coordinator on a fresh database first (see README, "For coordinators").
// Run from the project root: ../shared/playground/run.sh playground/celebrate.js
const { launch, open, send } = require(process.env.PW_HELPER);
const { expect } = require('./steps');

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20000 });

  await send(page, 'återkoppling');
  await expect(page, 'Återkoppling till programmet', 'celebrate-1-feedback.png');
  await page.getByLabel('Ditt förslag').last().fill('Gärna fler korta filmer från andra kommuner.');
  await page.getByText('Skicka anonymt').last().click();
  await page.getByRole('button', { name: 'Skicka', exact: true }).last().click();
  await expect(page, 'skickats anonymt', 'celebrate-2-sent.png');

  await send(page, 'återkoppling');
  await expect(page, 'Senaste förslagen från ledarna', 'celebrate-3-latest.png');
  await page.getByRole('button', { name: 'Svara' }).last().click();
  await expect(page, 'Förslaget är anonymt', 'celebrate-4-answer-form.png');
  await page.getByLabel('Ditt svar').last().fill('Tack! '.repeat(200));
  await page.getByRole('button', { name: 'Skicka svaret' }).last().click();
  await expect(page, 'får vara högst 1000 tecken', 'celebrate-5-too-long.png');
  await page.getByLabel('Ditt svar').last().fill('Tack för tipset! Vi spelar in tre nya filmer i vår.');
  await page.getByRole('button', { name: 'Skicka svaret' }).last().click();
  await expect(page, 'Ditt svar är skickat', 'celebrate-6-answered.png');
  await expect(page, 'Svar på ditt förslag', 'celebrate-7-relayed.png');

  await send(page, 'omgång');
  await page.getByLabel('Omgångens namn').last().fill('Våren 2027');
  await page.getByLabel('Startdatum').last().fill('2027-01-11');
  await page.getByLabel('Ledarnas e-postadresser').last()
    .fill('jonas.gumbel@uppsala.example\nkarin.lund@uppsala.example');
  await page.getByRole('button', { name: 'Starta omgången' }).last().click();
  await expect(page, 'Klart! Omgången', 'celebrate-8-cohort.png');

  await send(page, 'fira');
  await expect(page, 'Fira en omgång', 'celebrate-9-form.png');
  await page.getByLabel('Din hälsning (frivillig)').last().fill('Tack för att ni har vågat prova nytt!');
  await page.getByRole('button', { name: 'Förhandsgranska' }).last().click();
  await expect(page, 'Så här ser firandet ut', 'celebrate-10-preview.png');
  const sendButton = page.getByRole('button', { name: /Skicka till \d+ ledare/ });
  if (await sendButton.count()) {
    await sendButton.last().click();
    await expect(page, 'Firandet är skickat', 'celebrate-11-sent.png');
    await expect(page, 'Dags att fira!', 'celebrate-12-received.png');
  }
  await send(page, 'fira');
  await page.getByRole('button', { name: 'Visa diplom' }).last().click();
  await expect(page, 'Diplom i', 'celebrate-13-diplomas.png');
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
