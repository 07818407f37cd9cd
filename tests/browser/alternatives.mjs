// alternatives.mjs - who else to consider: the audit page of an account
// with bought followers recommends accounts of its niche, a recommendation
// leads to that account's own audit page, whose verdict is the one the
// recommendation gave; and a store without follows says why there is none.
// Each at 1280 and 390 px wide, in English and in French.
//
// Runs under tests/suites/browser.sh (lib.mjs lists what it is given).
// The second server is this file's own: a store of the same world's
// profiles without a single follow, on a free loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launch, test, expect, axe, finish } from './lib.mjs';

const base = process.env.BASE_URL;
const bin = process.env.BONAFIDE;
const work = process.env.WORK_DIR;
const sim = process.env.SIM_DIR;

const heading = { en: 'Who else to consider', fr: 'Qui d\u2019autre envisager' };
const verdicts = {
  en: { genuine: 'Genuine', questionable: 'Questionable' },
  fr: { genuine: 'Authentique', questionable: 'Douteux' },
};
const none = { en: /^None: the store holds none/, fr: /^Aucun\s:\sla base ne contient aucun/ };

// startServer serves store on a free port and resolves to its base URL.
function startServer(store) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--store', store, '--listen',
      '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve did not start')),
      20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/?\n/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

// sectionHeading reads the heading of the section (an h2 since the
// pages' heading outline has no gaps), with apostrophes made one kind so
// that a typographic one and a straight one compare equal.
async function sectionHeading(page) {
  const t = await page.textContent('.alternatives h2');
  return t.replace(/'/g, '\u2019').trim();
}

const browser = await launch();

for (const lang of ['en', 'fr']) {
  for (const width of [1280, 390]) {
    const name = `alternatives-${lang}-${width}`;
    await test(`${name}-follow`, async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(30000);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/audit?a=sim%3Amaxgrowth_guru&lang=${lang}`);
      expect(await sectionHeading(page) === heading[lang],
        `heading "${await sectionHeading(page)}", want "${heading[lang]}"`);
      const links = await page.$$('.alternatives ol.alts li.alt a.alt-link');
      expect(links.length >= 1 && links.length <= 5,
        `${links.length} recommendations, want 1 to 5`);
      // The list must fit the screen: nothing of it scrolls sideways.
      const box = await page.$eval('.alternatives', (e) => {
        const r = e.getBoundingClientRect();
        return { right: r.right, scroll: e.scrollWidth, client: e.clientWidth };
      });
      expect(box.right <= width + 1 && box.scroll <= box.client + 1,
        `the recommendations overflow: ${JSON.stringify(box)}`);
      const first = await page.$eval('.alternatives li.alt', (li) => ({
        href: li.querySelector('a.alt-link').getAttribute('href'),
        handle: li.querySelector('a.alt-link').textContent.replace(/^@/, ''),
        badge: li.querySelector('.badge').textContent,
        text: li.textContent,
      }));
      expect(Object.values(verdicts[lang]).includes(first.badge),
        `recommended with verdict "${first.badge}"`);
      expect(first.handle !== 'maxgrowth_guru', 'the account recommends itself');
      expect(/\d/.test(first.text), 'no figure says why it is stronger');
      // Only the section's own nodes: the rest of the page is not ours.
      const bad = (await axe(page)).filter((v) =>
        /\.alternatives|\.alts?\b|alt-link/.test(v.slice(v.lastIndexOf(' ('))));
      expect(bad.length === 0, `accessibility: ${bad.join('; ')}`);
      await Promise.all([page.waitForNavigation(),
        page.click('.alternatives li.alt a.alt-link')]);
      const url = new URL(page.url());
      expect(url.pathname === '/audit' &&
        url.searchParams.get('a') === `sim:${first.handle}` &&
        url.searchParams.get('lang') === lang, `landed on ${page.url()}`);
      expect((await page.textContent('h1')).includes(`@${first.handle}`),
        'the page is not the recommended account\'s report');
      expect(await page.getAttribute('html', 'lang') === lang,
        'the language was lost');
      // Its own report gives the verdict the recommendation showed.
      const key = Object.keys(verdicts[lang]).find(
        (k) => verdicts[lang][k] === first.badge);
      const cls = await page.getAttribute('#verdict', 'class');
      expect(cls.split(/\s+/).includes(`v-${key}`),
        `its own verdict is "${cls}", the recommendation said ${key}`);
      await page.close();
    });
  }
}

// A store of profiles only: the section is there and says why it is empty.
let server = null;
await test('alternatives-no-graph-setup', async () => {
  const st = join(work, 'st');
  const r = spawnSync(bin, ['ingest', '--store', st, '--platform', 'sim',
    join(sim, 'accounts.csv')], { stdio: 'ignore' });
  expect(r.status === 0, `ingest exited ${r.status}`);
  server = await startServer(st);
});
for (const lang of ['en', 'fr']) {
  for (const width of [1280, 390]) {
    await test(`alternatives-no-graph-${lang}-${width}`, async () => {
      expect(server, 'no server');
      const page = await browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/audit?a=sim%3Amaxgrowth_guru&lang=${lang}`);
      expect(await sectionHeading(page) === heading[lang],
        'the section is missing');
      const text = (await page.textContent('.alt-none')).replace(/\u00a0|\u202f/g, ' ');
      expect(none[lang].test(text), `says "${text}"`);
      expect((await page.$$('.alternatives li.alt')).length === 0,
        'recommendations without a graph');
      await page.close();
    });
  }
}
if (server) server.child.kill('SIGTERM');
await finish(browser);
