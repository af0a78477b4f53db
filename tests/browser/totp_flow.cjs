// Two-step login in a real browser (Debian's headless chromium driven by
// playwright-core): the admin turns it on from the account page (the code is
// computed here from the otpauth:// URI the page shows, as a phone app would),
// logs out, and logs in again with password and code; a wrong code is refused.
// Run by tests/integration/suites/browser_totp.bash, which starts embargod and
// passes EMBARGO_URL, EMBARGO_ADMIN_PASSWORD, SCREENSHOTS.

const crypto = require('crypto');
const { chromium } = require('playwright-core');

const url = process.env.EMBARGO_URL;
const password = process.env.EMBARGO_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS;

function expect(condition, what) {
  if (!condition) {
    throw new Error('expectation failed: ' + what);
  }
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238: HMAC-SHA-1, 30 s, 6 digits; `offset` steps from now.
function totp(secret, offset) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const o = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function login(page) {
  await page.goto(`${url}/login`);
  await page.fill('input[name=name]', 'admin');
  await page.fill('input[name=password]', password);
  await page.click('main button');
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await login(page);
    expect((await page.textContent('h1')) === 'What is due', 'the password alone is enough while it is off');
    await page.click('header a[href="/account"]');
    expect((await page.textContent('main')).includes('Turn on two-step login'), 'the account page offers it');
    await page.click('main button');
    const uri = (await page.textContent('#otpauth')).trim();
    expect(uri.startsWith('otpauth://totp/'), 'the otpauth URI is shown: ' + uri);
    const secret = new URL(uri).searchParams.get('secret');
    await shot(page, '11-totp-enrol');
    await page.fill('input[name=code]', totp(secret, 0));
    await page.click('main form button');
    expect((await page.textContent('main')).includes('On: logging in asks for a code'), 'two-step login is on');
    expect(!(await page.content()).includes(secret), 'the secret is not shown again');
    await shot(page, '12-totp-on');
    await page.click('header button');
    expect((await page.textContent('h1')) === 'Log in', 'logged out');

    await login(page);
    expect((await page.textContent('h1')) === 'One-time code', 'login asks for the code');
    await shot(page, '13-totp-login');
    const denied = await page.goto(`${url}/cases`);
    expect(denied.url().endsWith('/login'), 'no session before the code');
    await login(page);
    await page.fill('input[name=code]', '000000');
    await page.click('main button');
    expect((await page.textContent('main')).includes('code: wrong'), 'a wrong code is refused');
    await page.fill('input[name=code]', totp(secret, 1));
    await page.click('main button');
    expect((await page.textContent('h1')) === 'What is due', 'the right code logs in');
  } finally {
    await browser.close();
  }
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

main().then(() => console.log('totp flow: ok'), (e) => { console.error(e.message); process.exit(1); });
