// The Innovationsteam in the emulator's team "G4 Innovationsteam 4": the app is added to the
// team, the bot welcomes the channel, Jonas introduces himself with the card, the others
// (who cannot click in a one-user emulator) introduce themselves through mocked activities;
// Jonas changes his goal and is asked before his workbook's goal is replaced;
// then Jonas confirms the proposed time and the card updates in place.
// Run from the project root: ../shared/playground/run.sh playground/team.js
const path = require('path');
const { launch, open, shot, URL, SHOTS } = require(process.env.PW_HELPER);
const { mock, template } = require('./steps');

const OTHERS = [1, 2, 3, 4, 5];

async function cardShot(page, locator, name) {
  await locator.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await locator.screenshot({ path: path.join(SHOTS, name) });
  console.log(name);
}

(async () => {
  const { context, page } = await launch();
  await open(page);
  await page.waitForTimeout(1500);

  const added = await template(page, 'botAdded');
  added.channelData = { ...added.channelData, eventType: 'teamMemberAdded' };
  await mock(page, added);

  await page.getByRole('treeitem', { name: /General/ }).first().click();
  await page.getByText('Hej och välkommen till ditt Innovationsteam').first()
    .waitFor({ timeout: 30000 });  // the outbox sender ticks every 5 s
  await page.getByText('Dela min presentation').first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(4000);  // Teams refreshes the card for each member as it is shown
  console.log(await shot(page, 'team-01-channel-welcome.png'));

  const intro = page.locator('.ac-adaptiveCard').filter({ hasText: 'Dela min presentation' }).last();
  await cardShot(page, intro, 'team-02-introduction-card.png');
  // Typed as a person types, then sent at once (the channel view re-renders its posts).
  const texts = ['Jag heter Jonas och är rektor.', 'Jag leder ett team av lärare på en grundskola.',
    'Att vi vågar testa fler idéer tillsammans med eleverna.'];
  for (let i = 0; i < 3; i++) {
    await intro.getByRole('textbox').nth(i).click();
    await page.keyboard.type(texts[i]);
  }
  await intro.getByRole('button', { name: 'Dela min presentation' }).click();
  await page.getByText(/Jag heter Jonas och är rektor/).nth(0).waitFor({ timeout: 30000 });
  await page.waitForTimeout(800);
  console.log(await shot(page, 'team-03-introduced.png'));

  // Jonas changes the goal on the card: the workbook's goal is not replaced without his yes.
  const mine = page.locator('.ac-adaptiveCard').filter({ hasText: 'Ändra min presentation' }).last();
  await cardShot(page, mine, 'team-03b-introduced-card.png');
  await mine.getByRole('textbox').nth(2).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Att vi testar en ny idé i månaden tillsammans med eleverna.');
  await mine.getByRole('button', { name: 'Ändra min presentation' }).click();
  await page.getByText('Vill du uppdatera ditt mål i arbetsboken också?').first()
    .waitFor({ timeout: 30000 });
  await page.waitForTimeout(800);
  const asked = page.locator('.ac-adaptiveCard').filter({ hasText: 'Vill du uppdatera' }).last();
  await cardShot(page, asked, 'team-03c-goal-question.png');
  await asked.getByRole('button', { name: 'Nej', exact: true }).click();
  await page.getByText('ditt mål i arbetsboken är som förut').first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(800);
  await cardShot(page, page.locator('.ac-adaptiveCard').filter({ hasText: 'som förut' }).last(),
    'team-03d-goal-kept.png');

  // The other five introduce themselves (Action.Execute invokes in their names).
  const groupId = 1;  // the first group in a fresh database (the card's data carries it)
  for (const n of OTHERS) {
    const invoke = await template(page, 'userAdded');
    delete invoke.membersAdded;
    Object.assign(invoke, {
      type: 'invoke', name: 'adaptiveCard/action',
      from: { id: `user-id-${n}`, aadObjectId: `00000000-0000-0000-0000-00000000000${20 + n}` },
      value: { action: { type: 'Action.Execute', verb: 'team_introduce', data: {
        verb: 'team_introduce', group_id: groupId,
        who: `Jag är ledare nummer ${n}.`, leads: 'Jag leder en enhet i kommunen.',
        goal: 'Att pröva nya arbetssätt.' } }, trigger: 'manual' },
    });
    await mock(page, invoke);
  }
  await page.getByText('Bekräfta tid').first().waitFor({ timeout: 40000 });
  await page.waitForTimeout(800);
  const proposal = page.locator('.ac-adaptiveCard').filter({ hasText: 'Bekräfta tid' }).last();
  await cardShot(page, proposal, 'team-04-proposal.png');

  await proposal.getByRole('button', { name: 'Bekräfta tid' }).click();
  await page.waitForTimeout(2500);
  await cardShot(page, page.locator('.ac-adaptiveCard').filter({ hasText: 'Nu är det dags' }).last(),
    'team-05-confirmed-in-place.png');

  // The others confirm too (in their names); the meeting is booked once for everyone.
  for (const n of OTHERS) {
    const invoke = await template(page, 'userAdded');
    delete invoke.membersAdded;
    Object.assign(invoke, {
      type: 'invoke', name: 'adaptiveCard/action',
      from: { id: `user-id-${n}`, aadObjectId: `00000000-0000-0000-0000-00000000000${20 + n}` },
      value: { action: { type: 'Action.Execute', verb: 'meeting_confirm',
        data: { verb: 'meeting_confirm', proposal_id: 1 } }, trigger: 'manual' },
    });
    await mock(page, invoke);
  }
  // Teams refreshes a card with refresh.userIds when it is shown again: leave and come back.
  await page.waitForTimeout(6000);
  await page.getByRole('treeitem', { name: /Reflektion/ }).first().click();
  await page.waitForTimeout(1000);
  await page.getByRole('treeitem', { name: /General/ }).first().click();
  await page.getByText('Bokat!').first().waitFor({ timeout: 40000 });
  await page.waitForTimeout(1500);
  await cardShot(page, page.locator('.ac-adaptiveCard').filter({ hasText: 'Bokat!' }).last(),
    'team-06-booked.png');
  await cardShot(page, page.locator('.ac-adaptiveCard').filter({ hasText: 'Inför mötet' }).last(),
    'team-06b-preparation.png');  // "Träffa er lärgrupp (6 personer)": the group's real size
  console.log(await shot(page, 'team-07-channel.png'));
  // No apology in the channel, nor in Jonas' personal chat (his welcome came proactively).
  const sorry = async () => page.getByText('Förlåt, något gick fel').count();
  if (await sorry()) throw new Error('the bot apologised in the channel');
  await page.getByRole('treeitem', { name: /Personal Chat/ }).first().click();
  await page.getByText('Sätt igång!').first().waitFor({ timeout: 10000 });
  console.log(await shot(page, 'team-08-personal-chat.png'));
  if (await sorry()) throw new Error('the bot apologised in the personal chat');
  await context.close();
})().catch((e) => { console.error(e); process.exit(1); });
