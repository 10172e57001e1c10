// A shared reflection lands in the team's "Reflektion" channel (the emulator's team has one):
// the app is added to the team, Jonas writes a reflection in his personal chat and shares it,
// and the post is photographed in Reflektion, with General for comparison.
// Run from the project root: ../shared/playground/run.sh playground/reflection_channel.js
const path = require('path');
const { launch, open, send, shot, URL, SHOTS } = require(process.env.PW_HELPER);
const { mock, template } = require('./steps');

const lastCard = (page) => page.locator('.ac-adaptiveCard').last();

async function click(page, name, expect) {
  await page.getByRole('button', { name, exact: typeof name === 'string' }).last().click();
  await page.getByText(expect).last().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 20000 });
  const added = await template(page, 'botAdded');
  added.channelData = { ...added.channelData, eventType: 'teamMemberAdded' };
  await mock(page, added);
  await page.waitForTimeout(2000);

  await page.getByRole('treeitem', { name: /Personal Chat/ }).first().click();
  await send(page, 'modul');
  await page.getByText('Vad innehåller Modul 1?').last().waitFor({ timeout: 10000 });
  await click(page, 'Starta modulen', 'Övningar');
  await click(page, /^Övning 1/, 'Så här gör du');
  await click(page, 'Gör övningen', 'nu är övningen påbörjad');
  await click(page, 'Skriv reflektion', 'Dela med mitt Innovationsteam');
  await lastCard(page).getByRole('textbox').first().click();
  await page.keyboard.type('Innovation som första punkt på enhetsmötet gav tre idéer att testa.');
  await click(page, 'Skicka', 'delad med ditt Innovationsteam');

  await page.getByRole('treeitem', { name: /Reflektion/ }).first().click();
  await page.getByText(/Reflektion från Enhetsmöte/).first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(800);
  console.log(await shot(page, 'reflection-01-reflektion-channel.png'));
  await page.getByRole('treeitem', { name: /General/ }).first().click();
  await page.getByText('Hej och välkommen till ditt Innovationsteam').first()
    .waitFor({ timeout: 30000 });
  await page.waitForTimeout(800);
  if (await page.getByText(/Reflektion från Enhetsmöte/).count()) {
    throw new Error('the reflection was posted in General too');
  }
  console.log(await shot(page, 'reflection-02-general.png'));
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
