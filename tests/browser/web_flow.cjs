// The web face in a real browser (Debian's headless chromium driven by
// playwright-core): a reporter files a report with HTML in its title, the
// team logs in, triages and moves the case, and the reporter sees only what
// they should. Run by tests/integration/suites/browser.bash, which starts
// embargod and passes EMBARGO_URL, EMBARGO_ADMIN_PASSWORD, SCREENSHOTS.
// Exits non-zero with a message on the first failed expectation.

const { chromium } = require('playwright-core');

const url = process.env.EMBARGO_URL;
const password = process.env.EMBARGO_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS;

function expect(condition, what) {
  if (!condition) {
    throw new Error('expectation failed: ' + what);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    // A reporter, on a phone-sized screen.
    const reporter = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const rp = await reporter.newPage();
    await rp.goto(`${url}/report`);
    await shot(rp, '01-report-form');
    await rp.fill('input[name=title]', '<script>window.pwned=1</script> overflow in <b>parser</b>');
    await rp.fill('textarea[name=details]', 'Send 5000 bytes to port 25. <img src=x onerror="window.pwned=2">');
    await rp.fill('input[name=name]', 'Jane Roe');
    await rp.fill('input[name=email]', 'jane@example.org');
    await rp.fill('input[name=credit]', 'Jane Roe (Example Lab)');
    await rp.click('button');
    expect((await rp.textContent('h1')) === 'Thank you', 'the report is accepted');
    const link = (await rp.textContent('pre')).trim();
    expect(link.includes('/portal/open?t='), 'a private link is shown');
    await shot(rp, '02-report-sent');
    await rp.goto(link);
    await rp.click('main button');  // the link's page opens the session only by its button (a POST)
    const first = await rp.textContent('main');
    expect(first.includes('has not assessed it yet'), 'the portal shows the status: ' + first);
    expect(await rp.evaluate(() => window.pwned === undefined), 'no script ran in the portal');
    const scroll = await rp.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll <= 380, `the portal fits a phone screen (scrollWidth ${scroll})`);
    await shot(rp, '03-portal');
    const caseId = (await rp.textContent('h1')).split(':')[0];

    // The team.
    const team = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const tp = await team.newPage();
    await tp.goto(`${url}/login`);
    await tp.fill('input[name=name]', 'admin');
    await tp.fill('input[name=password]', 'wrong');
    await tp.click('main button');
    expect((await tp.textContent('main')).includes('wrong name or password'), 'a wrong password is refused');
    await tp.fill('input[name=name]', 'admin');
    await tp.fill('input[name=password]', password);
    await tp.click('main button');
    expect((await tp.textContent('h1')) === 'What is due', 'the front page after login');
    expect((await tp.textContent('#due')).includes(caseId), 'the new report is among what is due');
    await tp.click('nav a[href="/cases"]');
    expect((await tp.textContent('h1')) === 'Cases', 'the case list');
    await shot(tp, '04-case-list');
    await tp.click(`a[href="/cases/${caseId}"]`);
    expect(await tp.evaluate(() => window.pwned === undefined), 'no script ran on the case page');
    expect((await tp.textContent('h1')).includes('<script>'), 'the title is shown as text');
    await tp.fill('form[action$="/note"] textarea', 'internal: reproduced on 4.99, heap overflow');
    await tp.click('form[action$="/note"] button');
    await tp.fill('form[action$="/reply"] textarea', 'Thanks, we reproduced it. Which version did you test?');
    await tp.click('form[action$="/reply"] button');
    await tp.selectOption('form[action$="/move"] select', 'confirmed');
    await tp.fill('form[action$="/move"] input[name=why]', 'reproduced by the team');
    await tp.click('form[action$="/move"] button');
    const casePage = await tp.textContent('main');
    expect(casePage.includes('reported -> confirmed: reproduced by the team'), 'the move is on the timeline');
    expect(casePage.includes('internal: reproduced'), 'the note is on the timeline');
    await shot(tp, '05-case-page');

    // The reporter again: the reply and the status, not the internal note.
    await rp.reload();
    const portal = await rp.textContent('main');
    expect(portal.includes('Which version did you test?'), 'the reporter sees the reply');
    expect(portal.includes('confirmed as a security problem'), 'the reporter sees the new status');
    expect(!portal.includes('internal: reproduced'), 'the reporter does not see the internal note');
    expect(!portal.includes('reproduced by the team'), 'the reporter does not see the reason of the move');
    await rp.fill('form[action$="/message"] textarea', 'Tested on 4.98 and 4.99.');
    await rp.click('form[action$="/message"] button');
    await rp.fill('input[name=deadline]', '2027-01-31');
    await rp.click('form[action$="/preferences"] button');
    expect((await rp.inputValue('input[name=deadline]')) === '2027-01-31', 'the deadline preference is kept');
    await shot(rp, '06-portal-after');
    const other = await rp.goto(`${url}/cases/${caseId}`);
    expect(other.status() === 404, 'the reporter cannot open the team page of their case');
    await tp.reload();
    expect((await tp.textContent('main')).includes('Tested on 4.98 and 4.99.'), 'the team sees the answer');

    // Log out everywhere.
    await tp.check('header input[name=everywhere]');
    await tp.click('header button');
    expect((await tp.textContent('h1')) === 'Log in', 'logged out');
    const after = await tp.goto(`${url}/cases`);
    expect(after.url().endsWith('/login'), 'the session is gone');
  } finally {
    await browser.close();
  }
}

main().then(() => console.log('browser flow: ok'), (e) => { console.error(e.message); process.exit(1); });
