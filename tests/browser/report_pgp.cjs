// The report form's in-browser encryption (OpenPGP.js served by embargod)
// in Debian's headless chromium: with JavaScript the details leave the
// browser as an armoured PGP message; without JavaScript the plain form
// still works. Prints "case ENCRYPTED-ID PLAIN-ID" for the suite, which
// decrypts what the store holds with gpg. Run by
// tests/integration/suites/browser_pgp.bash (EMBARGO_URL, SCREENSHOTS).

const { chromium } = require('playwright-core');

const url = process.env.EMBARGO_URL;
const shots = process.env.SCREENSHOTS;
const secretText = 'SECRET-DETAILS: send 5000 bytes to port 25 <b>bold</b> & more';

function expect(condition, what) {
  if (!condition) {
    throw new Error('expectation failed: ' + what);
  }
}

async function report(page, title) {
  await page.goto(`${url}/report`);
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=details]', secretText);
  await page.fill('input[name=name]', 'Jane Roe');
  await page.fill('input[name=email]', 'jane@example.org');
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    const errors = [];
    // CSP refusals and script errors (a missing favicon is not one).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const external = [];
    page.on('request', (r) => { if (!r.url().startsWith(url)) external.push(r.url()); });
    await report(page, 'encrypted report');
    expect(await page.isVisible('#encrypt-box'), 'the encryption box is shown with JavaScript');
    expect(await page.isChecked('#encrypt'), 'encryption is on by default');
    await page.screenshot({ path: `${shots}/21-report-encrypt.png`, fullPage: true });
    await page.click('form[action="/report"] > button');
    await page.waitForSelector('h1:has-text("Thank you")', { timeout: 20000 });
    const encrypted = (await page.textContent('main')).match(/report is ([A-Z0-9]+-\d{4}-\d+)/)[1];
    expect(errors.length === 0, 'no CSP refusals or script errors: ' + errors.join('; '));
    expect(external.length === 0, 'no external requests: ' + external.join(' '));

    const plainContext = await browser.newContext({ javaScriptEnabled: false });
    const plainPage = await plainContext.newPage();
    await report(plainPage, 'plain report');
    expect(!(await plainPage.isVisible('#encrypt-box')), 'no encryption box without JavaScript');
    await plainPage.click('form[action="/report"] > button');
    expect((await plainPage.textContent('h1')) === 'Thank you', 'the plain form works without JavaScript');
    const plain = (await plainPage.textContent('main')).match(/report is ([A-Z0-9]+-\d{4}-\d+)/)[1];
    console.log(`case ${encrypted} ${plain}`);
  } finally {
    await browser.close();
  }
}

main().then(() => console.log('report pgp flow: ok'), (e) => { console.error(e.message); process.exit(1); });
