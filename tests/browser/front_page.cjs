// The team's front page and a case page in a real browser (Debian's headless
// chromium driven by playwright-core), over the data directory `embargo demo`
// leaves: the admin logs in and lands on "What is due"; its sections come in
// order; the case under embargo is among the releases of the next 14 days with
// its steps, done ones above NOW and pending ones below; the fresh report,
// acknowledged by intake, is not asked to be acknowledged again; a click opens
// the case page. Run by tests/integration/suites/browser_front.bash with
// EMBARGO_URL, EMBARGO_ADMIN_PASSWORD, EMBARGO_EMBARGOED, EMBARGO_FRESH and
// SCREENSHOTS (full-page screenshots of both pages).

const { chromium } = require('playwright-core');

const url = process.env.EMBARGO_URL;
const password = process.env.EMBARGO_ADMIN_PASSWORD;
const embargoed = process.env.EMBARGO_EMBARGOED;
const fresh = process.env.EMBARGO_FRESH;
const shots = process.env.SCREENSHOTS;

function expect(condition, what) {
  if (!condition) {
    throw new Error('expectation failed: ' + what);
  }
}

async function frontPage(page) {
  await page.goto(`${url}/login`);
  await page.fill('input[name=name]', 'admin');
  await page.fill('input[name=password]', password);
  await page.click('main button');
  expect((await page.textContent('h1')) === 'What is due', 'the front page after login');
  const order = await page.$$eval('main section', (s) => s.map((e) => e.id));
  expect(JSON.stringify(order) === JSON.stringify(['due', 'releases', 'quarantine', 'unacknowledged', 'duties']),
         'the sections in order: ' + order);
  const releases = await page.textContent('#releases');
  expect(releases.includes(embargoed), 'the embargoed case is among the coming releases');
  const rows = await page.$$eval('#releases tr', (trs) => trs.map((tr) => tr.className));
  const now = rows.indexOf('now');
  expect(now > 0, 'a NOW row in the schedule: ' + rows);
  expect(rows.slice(1, now).includes('done'), 'steps done above NOW: ' + rows);
  expect(rows.slice(now + 1).includes('pending'), 'steps pending below NOW: ' + rows);
  const due = await page.textContent('#due');
  expect(!due.includes(`${fresh}acknowledge the reporter`), 'intake acknowledged the fresh report: ' + due);
  const duties = await page.textContent('#duties');
  expect(duties.includes(`${fresh}first-message-date`), 'the fresh report owes distros a proposed date: ' + duties);
  const unacknowledged = await page.textContent('#unacknowledged');
  expect(unacknowledged.includes(`${embargoed}distros`), 'distros has not acknowledged: ' + unacknowledged);
  await page.screenshot({ path: `${shots}/20-front-page.png`, fullPage: true });
}

async function casePage(page) {
  await page.click(`#releases a[href="/cases/${embargoed}"]`);
  expect((await page.textContent('h1')).startsWith(embargoed), 'the case page opens from the front page');
  expect((await page.textContent('#schedule')) !== null, 'the case page has its schedule');
  await page.screenshot({ path: `${shots}/21-case-page.png`, fullPage: true });
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await frontPage(page);
    await casePage(page);
    console.log('front page: ok');
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
