// access.mjs - sharing beyond loopback, phones and accessibility.
//
// Starts a server of its own on the same store with a token and a listen
// address the server treats as non-loopback: the machine's own address
// when it has one (not 127.0.0.0/8), else 0.0.0.0 (every address, also
// not loopback), which is then reached as 127.0.0.1.  Its clock is fixed
// with BONAFIDE_NOW, and a second start two hours later lets a one-hour
// share link expire while a one-day link stays good.
//
// At 1280 px and 390 px, in English and in French: a page asks for the
// sign-in, a wrong token is refused, the right one leads back to the page
// asked for; the session cookie is HttpOnly and SameSite=Strict; a share
// link opens its one report to a browser with no session, and no other
// page; an altered link is refused; signing out ends the session on the
// server (the old cookie no longer opens anything).  Then: an expired
// link, a forged sign-in form, the sign-in rate limit and the API's
// bearer token.  Each page met is checked with axe-core (no serious or
// critical violation) and, at 390 px, for sideways scrolling; a11y.mjs
// checks the other pages.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { launch, test, expect, axe, finish } from './lib.mjs';

const bin = process.env.BONAFIDE;
const store = process.env.STORE;
const token = `t-${randomBytes(12).toString('hex')}`;
const T0 = '2026-06-01T00:00:00Z';
const T2 = '2026-06-01T02:00:00Z';

// listenAddress: a non-loopback IPv4 address of this machine, or 0.0.0.0.
function listenAddress() {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list || []) {
      if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.')) {
        return { listen: a.address, host: a.address };
      }
    }
  }
  return { listen: '0.0.0.0', host: '127.0.0.1' };
}

// start runs bonafide serve with the token at time now; resolves with
// { proc, base } once it says it listens.
function start(now) {
  const { listen, host } = listenAddress();
  return new Promise((ok, fail) => {
    const proc = spawn(bin, ['serve', '--store', store, '--listen',
      `${listen}:0`], {
      env: { ...process.env, BONAFIDE_TOKEN: token, BONAFIDE_NOW: now },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/[^:]+:(\d+)\//);
      if (m) ok({ proc, base: `http://${host}:${m[1]}` });
    });
    proc.stderr.on('data', (d) => { err += d; });
    proc.on('exit', (code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
}

async function stop(s) {
  if (!s) return;
  const gone = new Promise((ok) => s.proc.once('exit', ok));
  s.proc.kill('SIGTERM');
  await gone;
}

const t = {
  en: { wrong: 'not the right one', signedOut: 'signed out',
    shared: 'read only', expired: 'expired' },
  fr: { wrong: 'pas le bon', signedOut: 'session est fermée',
    shared: 'lecture seule', expired: 'a expiré' },
};

// noSideways: the page does not scroll sideways (tables scroll inside
// their own .scroll box, which does not widen the page).
async function noSideways(page) {
  const [sw, w] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, window.innerWidth]);
  expect(sw <= w, `the page is ${sw} px wide in a ${w} px window`);
}

async function noSerious(page, what) {
  const v = await axe(page);
  expect(v.length === 0, `${what}: ${v.join('; ')}`);
}

let srv = await start(T0).catch((e) => {
  console.log('FAIL access-serve');
  console.log(`    ${e.message}`);
  process.exit(1);
});
const base = srv.base;
const browsers = [];
const links = {}; // share links made: an hour, a day
const audit = (handle, lang) => `/audit?a=sim%3A${handle}&lang=${lang}`;

// The session cookies a browser holds; the language cookie
// (a preference the pages remember) is not a session.
const sessions = async (ctx) =>
  (await ctx.cookies()).filter((c) => /bf_session$/.test(c.name));

for (const width of [1280, 390]) {
  // One browser signs in and out; the other never has a session.
  const browser = await launch({ viewport: { width, height: 900 } });
  const other = await launch({ viewport: { width, height: 900 } });
  browsers.push(browser, other);
  const page = await browser.newPage();
  const p = await other.newPage();
  page.setDefaultTimeout(15000);
  p.setDefaultTimeout(15000);
  for (const lang of ['en', 'fr']) {
    const tag = `${width}-${lang}`;
    let cookie;
    await browser.clearCookies();

    await test(`access-signin-asked-${tag}`, async () => {
      const resp = await page.goto(base + audit('claire_martin_conseil', lang));
      expect(new URL(page.url()).pathname === '/signin',
        `a page without a session went to ${page.url()} (${resp.status()})`);
      expect(await page.getAttribute('html', 'lang') === lang, 'wrong language');
      await noSerious(page, 'sign-in page');
      if (width === 390) await noSideways(page);
    });

    await test(`access-wrong-token-${tag}`, async () => {
      await page.fill('#signin-token', `${token}x`);
      const [resp] = await Promise.all([page.waitForNavigation(),
        page.click('#signin-btn')]);
      expect(resp.status() === 401, `a wrong token got ${resp.status()}`);
      const note = await page.textContent('#signin-note');
      expect(note.includes(t[lang].wrong), `the page says "${note}"`);
      expect((await sessions(browser)).length === 0, 'a cookie was set');
    });

    await test(`access-signin-${tag}`, async () => {
      await page.fill('#signin-token', token);
      await Promise.all([page.waitForNavigation(), page.click('#signin-btn')]);
      expect(page.url() === base + audit('claire_martin_conseil', lang),
        `signed in to ${page.url()}, not the page asked for`);
      expect((await page.textContent('body')).includes('claire_martin_conseil'),
        'the report is not shown');
      [cookie] = await sessions(browser);
      expect(cookie && cookie.name === 'bf_session', 'no session cookie');
      expect(cookie.httpOnly && cookie.sameSite === 'Strict',
        `cookie attributes: ${JSON.stringify(cookie)}`);
      expect(await page.$('#nav-signout') && await page.$('#nav-share'),
        'no sign-out or share link in the navigation');
      if (width === 390) await noSideways(page);
    });

    await test(`access-share-${tag}`, async () => {
      await Promise.all([page.waitForNavigation(), page.click('#nav-share')]);
      await noSerious(page, 'share form');
      if (width === 390) await noSideways(page);
      const made = {};
      for (const ttl of ['1', '24']) {
        if (ttl === '24') await page.goBack();
        await page.selectOption('#share-ttl', ttl);
        await Promise.all([page.waitForNavigation(), page.click('#share-btn')]);
        made[ttl] = await page.getAttribute('#share-link', 'href');
        expect(/\/s\/[0-9a-f-]{58}\?lang=/.test(made[ttl]),
          `not a share link: ${made[ttl]}`);
        expect(await page.inputValue('#share-url') === made[ttl],
          'the link to copy differs');
      }
      await noSerious(page, 'share link page');
      if (width === 390) await noSideways(page);
      links[tag] = made;
      // A browser with no session at all opens the link.
      {
        const resp = await p.goto(made['1']);
        expect(resp.status() === 200, `the link got ${resp.status()}`);
        expect((await p.textContent('h1')).includes('claire_martin_conseil'),
          'the link does not show its report');
        expect((await p.textContent('#shared')).includes(t[lang].shared),
          'no read-only banner');
        expect(!(await p.$('nav')), 'a shared report has the navigation');
        await noSerious(p, 'shared report');
        if (width === 390) await noSideways(p);
        // It opens that one report, and nothing else.
        await p.goto(base + audit('success_claire', lang));
        expect(new URL(p.url()).pathname === '/signin',
          `another report opened with a share link: ${p.url()}`);
        const id = made['1'].match(/\/s\/[0-9a-f]{16}-([0-9a-f]{8})-/)[1];
        const forged = made['1'].replace(`-${id}-`,
          `-${(parseInt(id, 16) + 1).toString(16).padStart(8, '0')}-`);
        const bad = await p.goto(forged);
        expect(bad.status() === 403, `an altered link got ${bad.status()}`);
        expect(await p.getAttribute('#error', 'data-code') === 'bad_share',
          'not refused as an altered link');
        expect((await sessions(other)).length === 0, 'the link gave a cookie');
        const api = await p.goto(`${base}/api/v1/health`);
        expect(api.status() === 401, `the API without a bearer: ${api.status()}`);
      }
    });

    await test(`access-signout-${tag}`, async () => {
      await page.goto(base + audit('claire_martin_conseil', lang));
      await Promise.all([page.waitForNavigation(), page.click('#nav-signout')]);
      await noSerious(page, 'sign-out page');
      await Promise.all([page.waitForNavigation(), page.click('#signout-btn')]);
      expect(new URL(page.url()).pathname === '/signin', `signed out to ${page.url()}`);
      expect((await page.textContent('#signin-note')).includes(t[lang].signedOut),
        'the page does not say the session ended');
      await page.goto(base + audit('claire_martin_conseil', lang));
      expect(new URL(page.url()).pathname === '/signin',
        'the report still opens after signing out');
      // The old cookie, sent again, is refused: the server revoked it.
      await browser.addCookies([cookie]);
      const resp = await page.goto(base + audit('claire_martin_conseil', lang));
      expect(new URL(page.url()).pathname === '/signin',
        `the revoked cookie still opens the report (${resp.status()})`);
    });
  }
}

// Two hours later: the one-hour links have expired, the one-day ones not.
await stop(srv);
srv = await start(T2).catch((e) => ({ error: e }));
const later = await launch({ viewport: { width: 390, height: 900 } });
browsers.push(later);
const lp = await later.newPage();

await test('access-share-expired', async () => {
  expect(!srv.error, `restart: ${srv.error && srv.error.message}`);
  for (const [tag, made] of Object.entries(links)) {
    const lang = tag.endsWith('fr') ? 'fr' : 'en';
    const old = made['1'].replace(base, srv.base);
    const resp = await lp.goto(old);
    expect(resp.status() === 410, `${tag}: an expired link got ${resp.status()}`);
    expect(await lp.getAttribute('#error', 'data-code') === 'expired_share',
      `${tag}: not refused as expired`);
    expect((await lp.textContent('#error')).includes(t[lang].expired),
      `${tag}: the page does not say it expired`);
    const day = await lp.goto(made['24'].replace(base, srv.base));
    expect(day.status() === 200, `${tag}: a one-day link got ${day.status()}`);
  }
  await lp.goto(Object.values(links)[0]['1'].replace(base, srv.base));
  await noSerious(lp, 'expired share link');
  await noSideways(lp);
});

await test('access-bearer-api', async () => {
  const ok = await fetch(`${srv.base}/api/v1/health`,
    { headers: { Authorization: `Bearer ${token}` } });
  expect(ok.status === 200, `the API with the token: ${ok.status}`);
  const wrong = await fetch(`${srv.base}/api/v1/health`,
    { headers: { Authorization: `Bearer ${token}x` } });
  expect(wrong.status === 401, `the API with a wrong token: ${wrong.status}`);
});

await test('access-signin-forged-form', async () => {
  // No CSRF token: refused even with the right access token.
  const resp = await fetch(`${srv.base}/signin`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `token=${token}&csrf=0000000000000000-${'0'.repeat(64)}`,
  });
  expect(resp.status === 403, `a forged sign-in form got ${resp.status}`);
  expect(!resp.headers.get('set-cookie'), 'a forged form got a session');
});

await test('access-signin-rate-limit', async () => {
  await lp.goto(`${srv.base}/signin?lang=en`);
  let last = 0;
  for (let i = 0; i < 6; i++) {
    await lp.fill('#signin-token', `wrong-${i}`);
    const [resp] = await Promise.all([lp.waitForNavigation(),
      lp.click('#signin-btn')]);
    last = resp.status();
  }
  expect(last === 429, `the sixth wrong token got ${last}`);
  // While blocked, even the right token is refused.
  await lp.fill('#signin-token', token);
  const [resp] = await Promise.all([lp.waitForNavigation(),
    lp.click('#signin-btn')]);
  expect(resp.status() === 429, `the right token while blocked: ${resp.status()}`);
  expect((await sessions(later)).length === 0, 'a session was given');
});
await stop(srv.error ? null : srv);

await finish(...browsers);
