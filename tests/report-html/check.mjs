// check.mjs - the HTML report in headless Chromium.
//
//   REPORT_DIR=dir node check.mjs [--update]
//
// For every page NAME.html in REPORT_DIR: open it from a file: URL with
// every request routed (any URL that is not file: fails the test and is
// aborted), fail on any console error or page error, check that a phone
// (390 px wide) never has to scroll sideways, that it prints on A4, and
// take a full-page screenshot at 900 px compared with the reference: the
// page height within 3% of ref/NAME.png.height and at most 2% of the
// pixels different from ref/NAME.png, which holds the top 2,400 px
// (pixelmatch, threshold 0.2, anti-aliasing ignored).  --update writes
// the references instead.  Screenshots are kept in REPORT_DIR/NAME.png
// for a look.  Prints "ok NAME" or "FAIL NAME" with the reason indented;
// exits 1 when one failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
  existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.REPORT_DIR;
const update = process.argv.includes('--update');
const REF_HEIGHT = 2400;
const profile = mkdtempSync(join(tmpdir(), 'bonafide-report-chromium-'));
let failed = 0;

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 900, height: 1200 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

function expect(cond, what) {
  if (!cond) throw new Error(what);
}

async function test(name, fn) {
  try {
    await fn();
    console.log(`ok ${name}`);
  } catch (e) {
    failed = 1;
    console.log(`FAIL ${name}`);
    console.log(`    ${String(e.message || e).split('\n').join('\n    ')}`);
  }
}

// open loads a page with every request watched; returns what went wrong.
async function open(file, width) {
  const page = await context.newPage();
  const problems = [];
  await page.setViewportSize({ width, height: 1200 });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    problems.push(`request leaving the file: ${url}`);
    return route.abort();
  });
  await page.goto(`file://${file}`);
  await page.waitForLoadState('load');
  return { page, problems };
}

const pages = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
for (const f of pages) {
  const name = f.replace(/\.html$/, '');
  const file = join(dir, f);

  await test(`report-html-${name}-offline`, async () => {
    const { page, problems } = await open(file, 900);
    const svgs = await page.$$eval('svg', (s) => s.length);
    await page.close();
    expect(problems.length === 0, problems.join('\n'));
    expect(svgs > 0, 'no chart');
  });

  await test(`report-html-${name}-phone`, async () => {
    const { page, problems } = await open(file, 390);
    const w = await page.evaluate(() =>
      document.documentElement.scrollWidth);
    await page.close();
    expect(problems.length === 0, problems.join('\n'));
    expect(w <= 390, `a phone must scroll sideways: ${w} px wide`);
  });

  await test(`report-html-${name}-print`, async () => {
    const { page } = await open(file, 900);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    await page.close();
    const n = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || [])
      .length;
    expect(n >= 1 && n <= 8 * (name.includes('compare') ? 3 : 1),
      `${n} A4 pages`);
  });

  await test(`report-html-${name}-layout`, async () => {
    const { page } = await open(file, 900);
    const shot = await page.screenshot({ fullPage: true });
    await page.close();
    writeFileSync(join(dir, `${name}.png`), shot);
    const ref = join(here, 'ref', `${name}.png`);
    if (update || !existsSync(ref)) {
      expect(update, `no reference ${ref} (run with --update)`);
      // The reference keeps the top REF_HEIGHT pixels, where the layout
      // regressions show, and the full height beside it: whole pages of
      // three reports would make megabytes of PNG in the repository.
      const img = PNG.sync.read(shot);
      const top = new PNG({ width: img.width,
        height: Math.min(img.height, REF_HEIGHT) });
      img.data.copy(top.data, 0, 0, img.width * top.height * 4);
      writeFileSync(ref, PNG.sync.write(top, { deflateLevel: 9 }));
      writeFileSync(`${ref}.height`, `${img.height}\n`);
      return;
    }
    const a = PNG.sync.read(readFileSync(ref));
    const b = PNG.sync.read(shot);
    const full = Number(readFileSync(`${ref}.height`, 'utf8'));
    const dh = Math.abs(full - b.height) / full;
    expect(a.width === b.width, `width ${b.width}, reference ${a.width}`);
    expect(dh <= 0.03,
      `height ${b.height}, reference ${full} (${(100 * dh).toFixed(1)}%)`);
    // Compare the common top part, pixel by pixel.
    const h = Math.min(a.height, b.height);
    const crop = (img) => {
      const out = new PNG({ width: img.width, height: h });
      img.data.copy(out.data, 0, 0, img.width * h * 4);
      return out;
    };
    const ca = crop(a), cb = crop(b);
    const diff = pixelmatch(ca.data, cb.data, null, a.width, h,
      { threshold: 0.2 });
    const share = diff / (a.width * h);
    expect(share <= 0.02,
      `${(100 * share).toFixed(2)}% of the pixels differ from the reference`);
  });
}
await context.close();
rmSync(profile, { recursive: true, force: true });
if (pages.length === 0) {
  console.log('FAIL report-html-pages');
  console.log(`    no .html page in ${dir}`);
  failed = 1;
}
process.exit(failed);
