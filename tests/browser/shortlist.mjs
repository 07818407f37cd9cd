// shortlist.mjs - the shortlist in headless Chromium: three candidates
// taken from two different searches, seen side by side with their
// verdicts, one removed; a sixth refused with its message; search paged
// and sorted.  Each flow runs at 1280 and 390 px wide, in English and in
// French, and the pages it creates are checked with axe.
//
// The shortlist is one per store, so this file serves a copy of the
// simulated store of its own (STORE copied into WORK_DIR) on a free
// loopback port: other files' tests can neither see nor change it.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch, test, expect, axe, finish } from './lib.mjs';

const work = process.env.WORK_DIR;
const store = join(work, 'st');
cpSync(process.env.STORE, store, { recursive: true });
const server = spawn(process.env.BONAFIDE,
  ['serve', '--store', store, '--listen', '127.0.0.1:0'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((ok, no) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/listening on (http:\/\/[^\s]+?)\/?\s/);
    if (m) ok(m[1]);
  });
  server.on('exit', (c) => no(new Error(`serve exited with ${c}`)));
  setTimeout(() => no(new Error('serve did not start')), 30000);
});

// axeIn runs axe-core on the part of the page matched by selector only:
// a page of another part of the program (the report) is its own test's.
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axeIn(page, selector) {
  await page.evaluate(axeSource);
  const r = await page.evaluate((sel) =>
    window.axe.run(sel, { resultTypes: ['violations'] }), selector);
  return r.violations.filter((v) =>
    v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const text = {
  en: { full: 'already holds five candidates', count: '3 of 5 candidates.',
    add: 'Add to the shortlist', on: 'On the shortlist',
    range: /^41–60 of more than ([\d,]+) accounts: / },
  fr: { full: 'compte déjà cinq candidats', count: '3 candidats sur 5.',
    add: 'Ajouter à la sélection', on: 'Dans la sélection',
    range: /^41–60 sur plus de ([\d ]+) comptes : / },
};

const browser = await launch();
const page = await browser.newPage();
page.setDefaultTimeout(30000);

// empty removes every candidate with the page's own buttons.
async function empty(lang) {
  await page.goto(`${base}/shortlist?lang=${lang}`);
  while ((await page.$$('button.shortlist-remove')).length > 0) {
    await Promise.all([page.waitForNavigation(),
      page.click('button.shortlist-remove >> nth=0')]);
  }
}

// addFrom searches q and shortlists the row of account.
async function addFrom(lang, q, account) {
  await page.goto(`${base}/?lang=${lang}`);
  await page.fill('#search-q', q);
  await Promise.all([page.waitForNavigation(), page.click('#search-btn')]);
  // Two accounts may share a handle (the upload test adds copies of
  // three); the first row is the one the handle names.
  const row = `tr.hit[data-account="${account}"]`;
  const button = page.locator(row).first().locator('button.shortlist-add');
  expect(await button.textContent() === text[lang].add,
    `the button says ${await button.textContent()}`);
  await Promise.all([page.waitForNavigation(), button.click()]);
  // Back on the same search, the row now says it is shortlisted.
  expect(new URL(page.url()).searchParams.get('q') === q,
    `not back on the search: ${page.url()}`);
  expect(await page.locator(`${row} a.on-shortlist`).first().textContent() ===
    text[lang].on,
    'the row does not say it is on the shortlist');
}

for (const lang of ['en', 'fr']) {
  for (const width of [1280, 390]) {
    const name = `shortlist-${lang}-${width}`;
    await page.setViewportSize({ width, height: 900 });

    await test(`${name}-three-from-two-searches`, async () => {
      await empty(lang);
      await addFrom(lang, 'claire', 'sim:claire_martin_conseil');
      await addFrom(lang, 'claire', 'sim:success_claire');
      await addFrom(lang, 'sim:maxgrowth', 'sim:maxgrowth_guru');
      await page.goto(`${base}/shortlist?lang=${lang}`);
      expect(await page.textContent('#shortlist-count') === text[lang].count,
        `count: ${await page.textContent('#shortlist-count')}`);
      const cols = await page.$$eval('th.cand', (ths) =>
        ths.map((t) => t.dataset.account));
      expect(cols.join() === 'sim:claire_martin_conseil,sim:success_claire,' +
        'sim:maxgrowth_guru', `columns ${cols.join()}`);
      const verdicts = await page.$$eval('td.verdict', (tds) =>
        tds.map((t) => t.dataset.verdict));
      expect(verdicts.length === 3 && !verdicts.includes('none'),
        `verdicts ${verdicts.join()}`);
      for (const row of ['confidence', 'followers', 'fake', 'engagement',
        'growth', 'notes']) {
        expect((await page.$$(`tr.row-${row} td`)).length === 3,
          `row ${row} is not there for each candidate`);
      }
      const links = await page.$$eval('th.cand a.report-link', (as) =>
        as.map((a) => a.getAttribute('href')));
      expect(links.every((h) => h.startsWith('/audit?a=sim%3A')),
        `report links ${links.join()}`);
    });

    await test(`${name}-side-by-side`, async () => {
      const box = await page.$eval('.sl-scroll', (d) =>
        ({ scroll: d.scrollWidth, client: d.clientWidth }));
      const cells = await page.$$eval('th.cand', (ths) =>
        ths.map((t) => t.getBoundingClientRect()));
      // Columns sit side by side, left to right, at the same height.
      expect(cells[0].top === cells[1].top && cells[1].left > cells[0].left &&
        cells[2].left > cells[1].left, 'the candidates are not side by side');
      if (width === 390) {
        expect(box.scroll > box.client,
          'the comparison does not scroll sideways on a phone');
        expect(await page.evaluate(() =>
          document.documentElement.scrollWidth <= window.innerWidth + 1),
        'the page itself scrolls sideways');
      } else {
        expect(box.scroll <= box.client + 1, 'the comparison is cut off');
      }
      const v = await axe(page);
      expect(v.length === 0, v.join('\n'));
    });

    await test(`${name}-remove-one`, async () => {
      await Promise.all([page.waitForNavigation(), page.locator(
        'tr.row-remove td').nth(1).locator('button.shortlist-remove').click()]);
      const cols = await page.$$eval('th.cand', (ths) =>
        ths.map((t) => t.dataset.account));
      expect(cols.join() === 'sim:claire_martin_conseil,sim:maxgrowth_guru',
        `after removing: ${cols.join()}`);
    });
  }
}

await test('shortlist-sixth-refused', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await empty('fr');
  await page.goto(`${base}/?q=sim&lang=fr`);
  const accounts = await page.$$eval('tr.hit button.shortlist-add', (bs) =>
    bs.slice(0, 6).map((b) => b.value));
  for (const a of accounts.slice(0, 5)) {
    await Promise.all([page.waitForNavigation(),
      page.click(`button.shortlist-add[value="${a}"]`)]);
  }
  const [resp] = await Promise.all([page.waitForNavigation(),
    page.click(`button.shortlist-add[value="${accounts[5]}"]`)]);
  expect(resp.status() === 409, `the sixth got ${resp.status()}`);
  expect((await page.textContent('#shortlist-full')).includes(text.fr.full),
    'no clear message for the sixth');
  expect((await page.$$('th.cand')).length === 5, 'not five candidates');
  const v = await axe(page);
  expect(v.length === 0, v.join('\n'));
});

await test('shortlist-search-paged-and-sorted', async () => {
  for (const lang of ['en', 'fr']) {
    await page.goto(`${base}/?q=sim&lang=${lang}`);
    await Promise.all([page.waitForNavigation(), page.click('#page-next')]);
    await Promise.all([page.waitForNavigation(), page.click('#page-next')]);
    // Digit groups may be any kind of space (the typography's business).
    const count = (await page.textContent('#result-count'))
      .replace(/[\s\u00a0\u202f]/g, ' ');
    // The world's 2,000 accounts are more than a search counts: it says
    // so, and pages reach the 1,000 most followed.
    const total = Number(await page.getAttribute('#result-count',
      'data-total'));
    const more = await page.getAttribute('#result-count', 'data-more');
    const m = count.match(text[lang].range);
    expect(total === 1000 && more === 'true' && m &&
      Number(m[1].replace(/\D/g, '')) === total,
      `count: ${count} (total ${total}, more ${more})`);
    expect((await page.$$('tr.hit')).length === 20, 'not twenty rows');
    await Promise.all([page.waitForNavigation(), page.click('#page-prev')]);
    expect(page.url().includes('page=2'), `prev went to ${page.url()}`);
    await page.goto(`${base}/?q=claire&lang=${lang}`);
    await Promise.all([page.waitForNavigation(), page.click('#sort-name')]);
    const names = await page.$$eval('tr.hit', (trs) =>
      trs.map((t) => t.dataset.account.toLowerCase()));
    const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(names.join() === sorted.join(), `not by name: ${names.join()}`);
    await Promise.all([page.waitForNavigation(), page.click('#sort-verdict')]);
    const order = ['genuine', 'questionable', 'inflated', 'automated',
      'not_enough_evidence'];
    const ranks = await page.$$eval('td.verdict', (tds) =>
      tds.map((t) => t.dataset.verdict));
    const idx = ranks.map((r) => order.indexOf(r));
    expect(idx.every((r, i) => r >= 0 && (i === 0 || r >= idx[i - 1])),
      `not by verdict: ${ranks.join()}`);
    const v = await axeIn(page, '#results');
    expect(v.length === 0, v.join('\n'));
  }
});

server.kill();
await finish(browser);
