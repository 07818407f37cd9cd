// home.mjs - the home page, the browser's language and audit by pasted
// address, in French and in English, each at 1280 px and at 390 px.
//
// Each language and width gets a server of its own (a small simulated store in
// WORK_DIR), both sending Bluesky requests to one replay of recorded
// responses (tests/replay/replay.py, as tests/suites/fetch.sh), so each
// can collect the same account live.  In each: the home page comes in the
// browser's language (Accept-Language from the browser's locale, no
// ?lang=); a pasted account of the store opens its report; a pasted
// Bluesky address of an account not in the store starts a collection
// whose page (kept visible by a rate-limit answer of the replay) ends on
// the report; the same address pasted again goes straight to the report;
// then the same for a Mastodon address (the replay's recorded instance
// served as mastodon.social), and the home page lists both accounts,
// the newest first; an Instagram address says which export to ask for;
// an unknown account gets the not-found page with close accounts.  Every
// page this flow creates is checked with axe (no serious violation) and
// for sideways scrolling.  Without the shared data the collection tests
// say skip.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { launch, test, expect, axe, finish } from './lib.mjs';

const bin = process.env.BONAFIDE;
const work = process.env.WORK_DIR;
const shared = process.env.SHARED || join(process.cwd(), '..', 'shared');
const data = join(shared, 'data');
const children = [];

function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', ko);
  });
}

// waitFor polls fn every 100 ms until it returns true, at most ms.
async function waitFor(fn, ms) {
  for (let t = 0; t < ms; t += 100) {
    if (await fn()) return true;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return false;
}

// The replay of the platforms, when the shared data is there.  Its
// Mastodon recordings were made on a local instance, an address the page
// refuses to collect from: the replay answers as mastodon.social would.
let replay = null;
if (existsSync(join(data, 'bluesky-atproto-dart')) &&
    existsSync(join(data, 'mastodon-py-cassettes'))) {
  const portFile = join(work, 'replay.port');
  const child = spawn('python3', [join('tests', 'replay', 'replay.py'),
    '--data', data, '--port-file', portFile,
    '--mastodon-host', 'mastodon.social'], { stdio: 'ignore' });
  children.push(child);
  await waitFor(() => existsSync(portFile) &&
    readFileSync(portFile, 'utf8').trim() !== '', 20000);
  if (existsSync(portFile)) {
    replay = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
  }
}

// serve starts a server on a store of its own; resolves to its base URL.
async function serve(name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  execFileSync(bin, ['sim', '--accounts', '300', '--seed', '5', '--out',
    join(dir, 'sim')], { stdio: 'ignore' });
  execFileSync(bin, ['ingest', '--store', join(dir, 'st'), '--platform', 'sim',
    join(dir, 'sim', 'accounts.csv'), join(dir, 'sim', 'follows.csv'),
    join(dir, 'sim', 'posts.jsonl')], { stdio: 'ignore' });
  const port = await freePort();
  const env = { ...process.env, BONAFIDE_FETCH_BACKOFF_MS: '20' };
  if (replay) {
    env.BONAFIDE_BSKY_SERVICE = replay;
    env.BONAFIDE_MASTODON_SERVICE = replay;
  }
  const child = spawn(bin, ['serve', '--store', join(dir, 'st'), '--listen',
    `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  await waitFor(() => out.includes('listening'), 20000);
  return `http://127.0.0.1:${port}`;
}

// The text each language must show, and the sizes they are tried at.
const texts = [
  { lang: 'fr', locale: 'fr-FR',
    home: 'Collez le profil du candidat', job: 'Collecte n°',
    ask: 'Demandez ce fichier au candidat', nf: 'Compte introuvable' },
  { lang: 'en', locale: 'en-GB',
    home: 'Paste the profile of the candidate', job: 'Collection',
    ask: 'Ask the candidate for this file', nf: 'Account not found' },
];
const runs = [];
for (const size of [{ width: 1280, height: 900 }, { width: 390, height: 844 }])
  for (const t of texts) runs.push({ ...t, ...size });

// check runs axe and the sideways-scroll test on the page as it is.
async function check(page, what) {
  const bad = await axe(page);
  expect(bad.length === 0, `${what}: ${bad.join('; ')}`);
  const over = await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(over <= 1, `${what} scrolls sideways by ${over} px`);
}

// checkJob checks a running collection's page: a fetch job, in the page
// language, and (in another tab, whose answer has the Refresh header
// removed so it stays put while axe runs, which takes longer than the
// page's one-second refresh) with counts and no accessibility fault.
async function checkJob(browser, page, r) {
  expect(page.url().includes('/jobs/'), `landed on ${page.url()}`);
  expect(await page.getAttribute('#job-state', 'data-kind') === 'fetch',
    'not a collection job');
  expect((await page.textContent('h1')).includes(r.job),
    'the job page is not in the page language');
  expect(await page.getAttribute('html', 'lang') === r.lang,
    'the job page is not in the page language');
  const still = await browser.newPage();
  await still.route('**/jobs/**', async (route) => {
    const resp = await route.fetch({ maxRedirects: 0 });
    const headers = { ...resp.headers() };
    delete headers.refresh;
    await route.fulfill({ response: resp, headers });
  });
  await still.goto(page.url());
  expect(await still.$('#job-counts'), 'the job page has no counts');
  await check(still, 'job page');
  await still.close();
}

// paste fills the home page's field and sends it; resolves to the answer.
async function paste(page, base, what) {
  await page.goto(`${base}/`);
  await page.fill('#paste-q', what);
  const [resp] = await Promise.all([page.waitForNavigation(),
    page.click('#paste-btn')]);
  return resp;
}

const browsers = [];
for (const r of runs) {
  const base = await serve(`store-${r.lang}-${r.width}`);
  const browser = await launch({ viewport: { width: r.width, height: r.height },
    locale: r.locale });
  browsers.push(browser);
  const page = await browser.newPage();
  page.setDefaultTimeout(20000);
  const tag = `home-${r.lang}-${r.width}`;

  await test(`${tag}-language`, async () => {
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang') === r.lang,
      `the home page is not in ${r.lang} from Accept-Language`);
    const steps = await page.$$('#steps > li');
    expect(steps.length === 3, `${steps.length} steps`);
    expect((await page.textContent('#step-1')).includes(r.home),
      'the first step is not in the page language');
    expect(await page.$('#home-upload') && await page.$('#home-shortlist'),
      'the upload or shortlist link is missing');
    await check(page, 'home page');
  });

  await test(`${tag}-paste-in-store`, async () => {
    const resp = await paste(page, base, 'sim:claire_martin_conseil');
    expect(resp.status() === 200, `status ${resp.status()}`);
    expect(page.url().includes('/audit?a=sim%3Aclaire_martin_conseil'),
      `landed on ${page.url()}`);
    expect(await page.getAttribute('html', 'lang') === r.lang,
      'the report is not in the page language');
  });

  await test(`${tag}-ask-file`, async () => {
    await paste(page, base, 'https://www.instagram.com/boulangerie.paul/');
    expect(await page.getAttribute('#ask-file', 'data-platform') === 'instagram',
      'not the page that says which file to ask for');
    const text = await page.textContent('main');
    expect(text.includes(r.ask) && text.includes('followers_and_following'),
      'the export is not named');
    await check(page, 'ask-file page');
  });

  await test(`${tag}-not-found`, async () => {
    const resp = await page.goto(`${base}/audit?a=sim:claire_martin`);
    expect(resp.status() === 404, `status ${resp.status()}`);
    expect((await page.textContent('h1')).includes(r.nf), 'not the 404 page');
    expect((await page.textContent('#nf-account')) === 'sim:claire_martin',
      'the account asked for is not named');
    const s = await page.$$eval('a.suggestion', (as) => as.map((a) => a.textContent));
    expect(s.includes('sim:claire_martin_conseil'), `suggestions: ${s}`);
    await check(page, 'not-found page');
  });

  await test(`${tag}-bad-address`, async () => {
    const resp = await paste(page, base, 'javascript:alert(1)');
    expect(resp.status() === 400, `status ${resp.status()}`);
    expect(await page.getAttribute('#error', 'data-code') === 'bad_address',
      'not refused as an address');
    await check(page, 'bad-address page');
  });

  if (!replay) {
    console.log(`skip ${tag}-collect: no shared data in ${shared}`);
    console.log(`skip ${tag}-collected-address: no shared data`);
    console.log(`skip ${tag}-collect-mastodon: no shared data`);
    console.log(`skip ${tag}-collected-mastodon: no shared data`);
    console.log(`skip ${tag}-recent: no shared data`);
    continue;
  }
  await test(`${tag}-collect`, async () => {
    // The first five requests wait a second each (429, Retry-After: 1), so
    // the job page is seen before the collection ends.
    await fetch(`${replay}/_replay/reset?fault=429@1&fault=429@2&fault=429@3&fault=429@4&fault=429@5`);
    await paste(page, base, 'https://bsky.app/profile/shinyakato.dev');
    await checkJob(browser, page, r);
    // The page reloads itself each second and ends on the report.
    await page.waitForURL(/\/audit\?a=bluesky%3Ashinyakato\.dev/,
      { timeout: 60000 });
    expect((await page.textContent('body')).includes('shinyakato.dev'),
      'the report does not name the account');
    expect(await page.getAttribute('html', 'lang') === r.lang,
      'the report is not in the page language');
  });

  await test(`${tag}-collected-address`, async () => {
    const resp = await paste(page, base, 'bsky.app/profile/shinyakato.dev');
    expect(resp.status() === 200, `status ${resp.status()}`);
    expect(page.url().includes('/audit?a=bluesky%3Ashinyakato.dev'),
      `landed on ${page.url()}`);
    await page.goto(`${base}/`);
    expect((await page.textContent('#recent')).includes('shinyakato.dev'),
      'the collected account is not listed on the home page');
  });

  // The same flow for a Mastodon profile: its address names the
  // instance, and the account is stored as user@instance.
  await test(`${tag}-collect-mastodon`, async () => {
    await fetch(`${replay}/_replay/reset?fault=429@1&fault=429@2&fault=429@3&fault=429@4&fault=429@5`);
    await paste(page, base, 'https://mastodon.social/@mastodonpy_test');
    await checkJob(browser, page, r);
    await page.waitForURL(
      /\/audit\?a=mastodon%3A%23mastodonpy_test%40mastodon\.social/,
      { timeout: 60000 });
    expect((await page.textContent('body')).includes('mastodonpy_test'),
      'the report does not name the account');
    expect(await page.getAttribute('html', 'lang') === r.lang,
      'the report is not in the page language');
  });

  await test(`${tag}-collected-mastodon`, async () => {
    const resp = await paste(page, base, 'mastodon.social/@mastodonpy_test');
    expect(resp.status() === 200, `status ${resp.status()}`);
    expect(page.url().includes('/audit?a=mastodon%3A%23mastodonpy_test%40mastodon.social'),
      `landed on ${page.url()}`);
  });

  // Both accounts on the home page, the newest first, each a link to its
  // report; the newest shows the verdict its report gave, read since the
  // store last changed (the other's is older than the last collection).
  await test(`${tag}-recent`, async () => {
    await page.goto(`${base}/`);
    const items = await page.$$eval('#recent li a',
      (as) => as.map((a) => a.textContent));
    expect(items[0] === 'mastodon:mastodonpy_test' &&
      items[1] === 'bluesky:shinyakato.dev', `listed: ${items}`);
    const v = await page.$$eval('#recent li:first-child .verdict',
      (vs) => vs.map((e) => e.getAttribute('data-verdict')));
    expect(v.length === 1 && v[0], `the newest shows no verdict: ${v}`);
    await check(page, 'home page with its list');
    await Promise.all([page.waitForNavigation(),
      page.click('#recent li a')]);
    expect(page.url().includes('/audit?a=mastodon%3A%23'),
      `the first link goes to ${page.url()}`);
  });
}

for (const c of children) c.kill();
await finish(...browsers);
