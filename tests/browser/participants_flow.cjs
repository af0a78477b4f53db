// Participants in a real browser (Debian's headless chromium driven by
// playwright-core): the reporter accepts, edits and declines the credit line
// in the portal; a distribution's person sets its own status on the
// recipients page and cannot set another's. Run by
// tests/integration/suites/participants_browser.bash, which prepares the
// case and passes EMBARGO_URL, EMBARGO_LINK (the reporter's private link),
// EMBARGO_CASE, EMBARGO_DEB_PASSWORD, SCREENSHOTS.

const { chromium } = require('playwright-core');

const url = process.env.EMBARGO_URL;
const link = process.env.EMBARGO_LINK;
const caseId = process.env.EMBARGO_CASE;
const debPassword = process.env.EMBARGO_DEB_PASSWORD;
const shots = process.env.SCREENSHOTS;

function expect(condition, what) {
  if (!condition) {
    throw new Error('expectation failed: ' + what);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

async function reporterCredit(browser) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const p = await ctx.newPage();
  await p.goto(link);
  await p.click('main button');  // the link's page opens the session only by its button (a POST)
  expect((await p.textContent('.credit-line')) === 'Jane Roe (Example Lab)', 'the proposed line is shown');
  expect((await p.textContent('.credit-decision')).includes('Not accepted yet'), 'not accepted yet');
  await shot(p, 'p1-credit-proposed');
  await p.click('form#credit button[value=accept]');
  expect((await p.textContent('.credit-decision')).includes('You accepted this line'), 'accepted');
  await p.fill('form#credit input[name=line]', 'Jane Roe <script>window.pwned=1</script>');
  await p.click('form#credit button[value=edit]');
  expect((await p.textContent('.credit-line')) === 'Jane Roe <script>window.pwned=1</script>', 'the edited line, as text');
  expect((await p.textContent('.credit-decision')).includes('You accepted this line'), 'the edited line is accepted');
  expect(await p.evaluate(() => window.pwned === undefined), 'no script ran');
  await shot(p, 'p2-credit-edited');
  await p.click('form#credit button[value=decline]');
  expect((await p.textContent('.credit-decision')).includes('You declined credit'), 'declined');
  await p.fill('form#credit input[name=line]', 'Jane Roe (Example Lab)');
  await p.click('form#credit button[value=edit]');
  expect((await p.textContent('.credit-decision')).includes('You accepted this line'), 'accepted again');
  await shot(p, 'p3-credit-final');
  await ctx.close();
}

async function recipientStatus(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const p = await ctx.newPage();
  await p.goto(`${url}/login`);
  await p.fill('input[name=name]', 'deb');
  await p.fill('input[name=password]', debPassword);
  await p.click('main button');
  await p.goto(`${url}/recipients/${caseId}`);
  expect((await p.textContent('h1')).includes(caseId), 'the recipients page');
  const options = await p.$$eval('select[name=recipient] option', (os) => os.map((o) => o.textContent));
  expect(JSON.stringify(options) === '["debian"]', 'only its own recipient can be chosen: ' + options);
  await p.selectOption('select[name=vulnerability]', '2');
  await p.selectOption('select[name=status]', 'packages-ready');
  await p.fill('textarea[name=statement]', 'DSA-5999-1 ready');
  await p.click('main form button');
  const row = await p.textContent('tr[data-recipient=debian][data-vulnerability="2"]');
  expect(row.includes('packages-ready') && row.includes('DSA-5999-1 ready'), 'the new status is shown: ' + row);
  const other = await p.textContent('tr[data-recipient=debian][data-vulnerability="1"] .status');
  expect(other === '-', 'vulnerability 1 is unchanged: ' + other);
  await shot(p, 'p4-recipient-status');
  // A forged form for another recipient is refused.
  await p.evaluate(() => {
    const s = document.querySelector('select[name=recipient]');
    s.options[0].value = 'redhat';
  });
  const refused = p.waitForResponse((r) => r.url().endsWith(`/recipients/${caseId}`) && r.request().method() === 'POST');
  await p.click('main form button');
  expect((await refused).status() === 403, "another recipient's status is refused");
  expect((await p.textContent('main')).includes('only your own recipient'), 'and says why');
  await ctx.close();
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    await reporterCredit(browser);
    await recipientStatus(browser);
  } finally {
    await browser.close();
  }
}

main().then(() => console.log('participants flow: ok'), (e) => { console.error(e.message); process.exit(1); });
