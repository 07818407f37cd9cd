// a11y.mjs - every page on a phone and a desktop, for every reader.
//
// On the simulated world's server (BASE_URL), each kind of page (home,
// search, audit, comparison, upload, job, error, sign-in) at 1280 px and
// 390 px, in English and in French: axe-core finds no serious or critical
// violation; headings never skip a level; at 390 px the page never
// scrolls sideways (tables scroll inside their own box) and chart text is
// drawn at least 12 px tall (computed size times the chart's scale, and
// the text's own box).  With the keyboard alone: the first Tab reaches
// the navigation with a visible focus ring, and a comparison can be
// chosen and opened.  Printed, the navigation and forms are left out and
// charts are never cut between pages.
import { launch, test, expect, axe, finish } from './lib.mjs';

const shared = process.env.BASE_URL;
const uploadFile = process.env.UPLOAD_FILE;
const browsers = [];

// noSideways: the page does not scroll sideways.
async function noSideways(page) {
  const [sw, w] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, window.innerWidth]);
  expect(sw <= w, `the page is ${sw} px wide in a ${w} px window`);
}

// chartText returns the smallest visible chart text: its font size as
// drawn (computed size times the chart's scale) and its box's height.
async function chartText(page) {
  return page.$$eval('svg', (svgs) => {
    let size = Infinity, box = Infinity, n = 0;
    for (const svg of svgs) {
      const vb = svg.viewBox.baseVal;
      const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
      for (const el of svg.querySelectorAll('text')) {
        const r = el.getBoundingClientRect();
        if (getComputedStyle(el).display === 'none' || r.height === 0) continue;
        n++;
        size = Math.min(size, parseFloat(getComputedStyle(el).fontSize) * scale);
        box = Math.min(box, r.height);
      }
    }
    return { size, box, n };
  });
}

async function noSerious(page, what) {
  const v = await axe(page);
  expect(v.length === 0, `${what}: ${v.join('; ')}`);
}

// One upload makes the job whose page is checked in both languages.
let job = null;
const pages = [
  ['home', '/?lang=LANG'],
  ['search', '/?lang=LANG&q=claire'],
  ['audit', '/audit?a=sim%3Amaxgrowth_guru&lang=LANG'],
  ['audit-claire', '/audit?a=sim%3Aclaire_martin_conseil&lang=LANG'],
  ['compare', '/compare?a=sim%3Amaxgrowth_guru&a=sim%3Aclaire_martin_conseil&lang=LANG'],
  ['upload', '/upload?lang=LANG'],
  ['error', '/audit?a=sim%3Anobody_at_all_here&lang=LANG'],
  ['signin', '/signin?lang=LANG'],
];
for (const width of [1280, 390]) {
  const browser = await launch({ viewport: { width, height: 900 } });
  browsers.push(browser);
  const page = await browser.newPage();
  page.setDefaultTimeout(30000);
  for (const lang of ['en', 'fr']) {
    for (const [name, path] of pages) {
      await test(`a11y-page-${name}-${width}-${lang}`, async () => {
        await page.goto(shared + path.replace('LANG', lang));
        await noSerious(page, name);
        if (width === 390) {
          await noSideways(page);
          const c = await chartText(page);
          if (c.n > 0) {
            expect(c.size >= 12, `chart text drawn at ${c.size.toFixed(1)} px`);
            expect(c.box >= 12, `chart text box ${c.box.toFixed(1)} px tall`);
          }
        }
        // Every control has a name, every heading follows the one above.
        const levels = await page.$$eval('h1,h2,h3,h4,h5,h6',
          (hs) => hs.map((h) => Number(h.tagName[1])));
        expect(levels[0] === 1, `the first heading is h${levels[0]}`);
        for (let i = 1; i < levels.length; i++) {
          expect(levels[i] <= levels[i - 1] + 1,
            `h${levels[i]} follows h${levels[i - 1]}`);
        }
      });
    }
    await test(`a11y-page-job-${width}-${lang}`, async () => {
      if (!job) {
        await page.goto(`${shared}/upload?lang=${lang}`);
        await page.setInputFiles('#upload-file', uploadFile);
        await page.fill('#upload-platform', 'sim');
        await Promise.all([page.waitForNavigation(), page.click('#upload-btn')]);
        job = new URL(page.url()).pathname;
      }
      await page.goto(`${shared}${job}?lang=${lang}`);
      await page.waitForSelector('#job-state[data-state="done"]',
        { timeout: 30000 });
      await noSerious(page, 'job page');
      if (width === 390) await noSideways(page);
    });
  }
  await test(`a11y-print-${width}`, async () => {
    // Printed, a page keeps the report and drops what only works on screen.
    await page.goto(`${shared}/audit?a=sim%3Amaxgrowth_guru&lang=en`);
    await page.emulateMedia({ media: 'print' });
    try {
      const shown = await page.evaluate(() => ({
        nav: getComputedStyle(document.querySelector('nav')).display,
        report: getComputedStyle(document.querySelector('section.report')).display,
        svg: [...document.querySelectorAll('svg')].map((s) =>
          getComputedStyle(s).breakInside),
      }));
      expect(shown.nav === 'none', `the navigation prints (${shown.nav})`);
      expect(shown.report !== 'none', 'the report does not print');
      expect(shown.svg.length > 0 && shown.svg.every((b) => b === 'avoid'),
        `a chart may be cut between pages: ${shown.svg.join(', ')}`);
      await page.goto(`${shared}/?lang=en&q=claire`);
      const form = await page.evaluate(() =>
        getComputedStyle(document.querySelector('form')).display);
      expect(form === 'none', `the search form prints (${form})`);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
  await test(`a11y-keyboard-${width}`, async () => {
    // The first Tab reaches the navigation, and focus is drawn.
    await page.goto(`${shared}/?lang=en&q=claire`);
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { id: el.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(f.id === 'nav-search', `Tab went to "${f.id}"`);
    expect(f.outline !== 'none' && f.width >= 2, `focus is not drawn: ${JSON.stringify(f)}`);
    // Search, tick two boxes and compare, with the keyboard alone.
    await page.focus('input[name="a"][value="sim:claire_martin_conseil"]');
    await page.keyboard.press('Space');
    await page.focus('input[name="a"][value="sim:success_claire"]');
    await page.keyboard.press('Space');
    await page.focus('#compare-btn');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url().includes('/compare?'), `Enter led to ${page.url()}`);
  });
}

await finish(...browsers);
