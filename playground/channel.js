// A member talks to the bot in the team channel: "hjälp" gets the group's help there, "tidsplan"
// is answered in the 1:1 chat with a short note in the channel.
// Run from the project root: ../shared/playground/run.sh playground/channel.js
const path = require('path');
const { launch, open, shot, URL, SHOTS } = require(process.env.PW_HELPER);
const { mock, template } = require('./steps');

async function mention(page, text) {
  const box = page.locator('[role=textbox][contenteditable=true]').first();
  await box.click();
  await page.keyboard.type('@Exp');
  await page.getByRole('menuitem', { name: /Expeditionsboten/ }).first().click();
  await page.keyboard.type(' ' + text);
  await page.getByRole('button', { name: 'Post' }).click();
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.waitForTimeout(1500);
  const added = await template(page, 'botAdded');
  added.channelData = { ...added.channelData, eventType: 'teamMemberAdded' };
  await mock(page, added);
  await page.getByRole('treeitem', { name: /General/ }).first().click();
  await page.getByText('Dela min presentation').first().waitFor({ timeout: 30000 });

  await mention(page, 'hjälp');
  await page.getByText('Så här hjälper jag er grupp').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(800);
  console.log(await shot(page, 'channel-1-help.png'));

  await mention(page, 'tidsplan');
  await page.getByText('Jag har skrivit till dig privat').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(800);
  console.log(await shot(page, 'channel-2-private-note.png'));
  if (await page.getByText('Din tidsplan', { exact: true }).count()) throw new Error('a tidsplan in the channel');

  await page.getByRole('treeitem', { name: /Personal Chat/ }).first().click();
  await page.getByText('Din tidsplan', { exact: true }).first().waitFor({ timeout: 30000 });  // outbox: every 5 s
  await page.waitForTimeout(800);
  console.log(await shot(page, 'channel-3-personal-chat.png'));
  if (await page.getByText('Förlåt, något gick fel').count()) throw new Error('the bot apologised');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
