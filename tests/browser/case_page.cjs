// The case page in a real browser (Debian's headless chromium, playwright-core): the page follows
// the release process (issue 26): a header with the state, the next step with its time in the
// configured zones and the time left under embargo, a table of contents, then the parts in the
// process's order; a team member scores a vulnerability with the CVSS calculator (the page's
// only script), saves it through the normal form and sees the server's score; plans the release
// and sees the plan in the two configured zones with NOW; the page fits a phone. Run by
// tests/integration/suites/browser.bash with EMBARGO_URL, EMBARGO_CASE (planned and scheduled),
// EMBARGO_TEAM_PASSWORD, SCREENSHOTS.

const { chromium } = require('playwright-core');

const url = process.env.EMBARGO_URL;
const caseId = process.env.EMBARGO_CASE;
const password = process.env.EMBARGO_TEAM_PASSWORD;
const shots = process.env.SCREENSHOTS;

function expect(condition, what) {
  if (!condition) {
    throw new Error('expectation failed: ' + what);
  }
}

async function login(context) {
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.fill('input[name=name]', 'tina');
  await page.fill('input[name=password]', password);
  await page.click('main button');
  expect((await page.textContent('h1')) === 'What is due', 'logged in: the front page');
  return page;
}

async function choose(form, metrics) {
  for (const [abbr, value] of Object.entries(metrics)) {
    await form.locator(`select[name="calc-${abbr}"]`).selectOption(value);
  }
}

// The header and the order of the parts, on the page as first opened.
async function structure(page) {
  const head = page.locator('#summary');
  expect((await head.locator('.state').textContent()) === 'reported', 'the header shows the state');
  const next = await head.locator('.next-step').textContent();
  expect(/Next step: [a-z-]+ at 20\d\d-\d\d-\d\d \d\d:\d\d UTC \((in|overdue by) [a-z0-9 ]+; scheduled\)/.test(next),
    'the next step with its time: ' + next);
  expect(next.includes('Europe/London') && next.includes('America/New_York'), 'the next step in both zones: ' + next);
  expect(/\w+day 20\d\d-\d\d-\d\d \d\d:\d\d (GMT|BST)/.test(next) && /\d\d:\d\d (EST|EDT)/.test(next),
    'the next step\'s local times: ' + next);
  const left = await head.locator('.embargo-left').textContent();
  expect(/Under embargo: release in \d+ days?( \d+ hours?)? \(release 2030-03-12 14:00 UTC\)/.test(left),
    'the time left under embargo: ' + left);
  expect((await head.locator('form[action$="/move"]').count()) === 1, 'the move form in the header');

  const ids = await page.evaluate(() => Array.from(document.querySelectorAll('main > section')).map((s) => s.id));
  expect(ids[0] === 'summary', 'the header first: ' + ids.join(' '));
  const order = ['schedule', 'plan', 'vulnerabilities', 'notices', 'release', 'recipients', 'reporter', 'links',
    'timeline'];
  const where = order.map((id) => ids.indexOf(id));
  expect(where.every((i, n) => i > 0 && (n === 0 || i > where[n - 1])), 'the parts in process order: ' + ids.join(' '));
  expect(ids[ids.length - 1] === 'timeline', 'the timeline last: ' + ids.join(' '));
  const toc = await page.evaluate(() => Array.from(document.querySelectorAll('#summary nav.toc a'))
    .map((a) => a.getAttribute('href')));
  expect(JSON.stringify(toc) === JSON.stringify(ids.slice(1).map((id) => '#' + id)),
    'the table of contents lists every part: ' + toc.join(' '));
  expect((await page.locator('#schedule table.schedule tr').count()) > 1, 'the schedule lists the steps');
  expect((await page.locator('#timeline form[action$="/note"]').count()) === 1, 'the note form under the timeline');
  expect((await page.locator('#links form[action$="/share"]').count()) === 1, 'sharing with the reporter links');
  await page.click('#summary nav.toc a[href="#timeline"]');
  expect(page.url().endsWith('#timeline'), 'the contents link to the parts');
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const errors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await login(context);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${url}/cases/${caseId}`);
    await structure(page);
    await page.screenshot({ path: `${shots}/06-case-overview.png`, fullPage: true });
    await page.locator('#summary').screenshot({ path: `${shots}/06-case-header.png` });
    const form = page.locator('form.cvss-calc').first();
    expect((await form.locator('.cvss-calc-ui select').count()) > 10, 'the calculator drew its selects');

    // CVSS 3.1, chosen metric by metric.
    await form.locator('select[aria-label="CVSS version"]').selectOption('3.1');
    await choose(form, { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' });
    expect((await form.locator('input[name=vector]').inputValue()) === 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'the vector follows the choices');
    expect((await form.locator('output').textContent()).startsWith('CVSS 3.1 base 9.8 Critical'), 'scored as chosen');
    await choose(form, { S: 'C', A: 'N' });
    const shown = await form.locator('output').textContent();
    expect(shown.startsWith('CVSS 3.1 base 10.0 Critical'), 'rescored on change: ' + shown);
    await form.locator('button').click();
    expect((await page.textContent('main')).includes('CVSS 3.1 base 10.0 Critical'), 'the server scored the saved vector');

    // CVSS 4.0 on the same vulnerability: both versions are kept.
    const form4 = page.locator('form.cvss-calc').first();
    await form4.locator('select[aria-label="CVSS version"]').selectOption('4.0');
    await choose(form4, { AV: 'N', AC: 'L', AT: 'N', PR: 'L', UI: 'N', VC: 'H', VI: 'L', VA: 'N', SC: 'N', SI: 'N', SA: 'N' });
    const js = (await form4.locator('output').textContent()).match(/base (\d+\.\d)/)[1];
    await form4.locator('button').click();
    const main = await page.textContent('main');
    expect(main.includes(`CVSS 4.0 base ${js}`), `the server's v4.0 score equals the calculator's (${js})`);
    expect(main.includes('CVSS 3.1 base 10.0 Critical'), 'the v3.1 vector is kept');
    await page.screenshot({ path: `${shots}/07-case-cvss.png`, fullPage: true });

    // Plan the release; the timeline shows both configured zones and NOW.
    await page.fill('form[action$="/plan"] input[name=release]', '2030-03-12 14:00');
    await page.click('form[action$="/plan"] button');
    if ((await page.textContent('h1')) === 'Plan stored') {
      await page.click('a[href$="#plan"]');  // the new plan moved scheduled steps: what moved, then back
    }
    const plan = await page.textContent('ol.plan-timeline');
    expect(plan.includes('NOW'), 'NOW is marked');
    expect(plan.includes('Europe/London') && plan.includes('America/New_York'), 'both zones are shown');
    expect(plan.includes('Tuesday 2030-03-12 14:00 GMT') && plan.includes('Tuesday 2030-03-12 10:00 EDT'),
      'the release in both zones');
    await page.locator('#plan').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/08-case-plan.png`, fullPage: true });

    // The notice preview, without JavaScript needed: a GET form.
    await page.selectOption('select[name=notice]', 'heads-up');
    await page.click('form[action*="#notices"] button');
    expect((await page.textContent('pre.notice-preview')).includes('Subject:'), 'the preview is shown');

    // A phone.
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const pp = await login(phone);
    await pp.goto(`${url}/cases/${caseId}?notice=heads-up&list=reporter`);
    await pp.screenshot({ path: `${shots}/09-case-phone.png`, fullPage: true });
    await pp.locator('#summary').screenshot({ path: `${shots}/09-case-phone-header.png` });
    const width = await pp.evaluate(() => document.documentElement.scrollWidth);
    const wide = await pp.evaluate(() => Array.from(document.querySelectorAll('main *'))
      .filter((el) => el.getBoundingClientRect().right > 380).slice(0, 5)
      .map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right)).join(', '));
    expect(width <= 380, `the case page fits a phone (scrollWidth ${width}; too wide: ${wide})`);
    expect(errors.length === 0, 'no script errors: ' + errors.join('; '));
  } finally {
    await browser.close();
  }
}

main().then(() => console.log('case page: ok'), (e) => { console.error(e.message); process.exit(1); });
