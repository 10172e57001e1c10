// Steps the flows share: an activity mocked into the emulator (and its template), and "wait for
// a text, then take a screenshot". Required by the flows as require('./steps').
const { shot, URL } = require(process.env.PW_HELPER);

const TEAM = 'team-g4';  // the emulator's team "G4 Innovationsteam 4"

async function mock(page, activity) {
  const r = await page.request.post(URL + '_internal/v1/customActivities', { data: activity });
  if (!r.ok()) throw new Error(`mock activity: ${r.status()} ${await r.text()}`);
}

async function template(page, type, conversationId = TEAM) {
  const r = await page.request.get(
    URL + `_internal/v1/customActivities/template?conversationId=${conversationId}&type=${type}`);
  return r.json();
}

async function expect(page, text, name) {
  await page.getByText(text).last().waitFor({ timeout: 15000 });
  await page.waitForTimeout(700);
  console.log(name, await shot(page, name));
}

module.exports = { TEAM, mock, template, expect };
