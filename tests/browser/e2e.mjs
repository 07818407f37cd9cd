// e2e.mjs - bonafide serve in headless Chromium: search, open an audit,
// switch language, upload a file and see its counts, compare two accounts.
//
//   BASE_URL=http://127.0.0.1:PORT UPLOAD_FILE=path UPLOAD_ACCOUNTS=N \
//   node e2e.mjs
//
// The server must serve the simulated world (bonafide sim --seed 5).  Each
// test prints "ok NAME" or "FAIL NAME" and the reason, indented; the exit
// status is 1 when one failed.  The pages carry no script, so the tests
// only click, type and read the DOM, as a person would.  Two attacks are
// played in the browser itself: another site's page posting the upload
// form, and a DNS-rebinding name (mapped to 127.0.0.1 by a resolver rule).
import { createServer } from 'node:http';
import { launch, test, expect, finish } from './lib.mjs';

const base = process.env.BASE_URL;
const uploadFile = process.env.UPLOAD_FILE;
const uploadAccounts = process.env.UPLOAD_ACCOUNTS;
const browser = await launch({},
  ['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
const page = await browser.newPage();
page.setDefaultTimeout(15000);

await test('browser-search', async () => {
  await page.goto(`${base}/?lang=en`);
  await page.fill('#search-q', 'claire');
  await Promise.all([page.waitForNavigation(), page.click('#search-btn')]);
  const hits = await page.$$eval('tr.hit a.audit-link', (as) =>
    as.map((a) => a.textContent));
  expect(hits.includes('sim:claire_martin_conseil'),
    `claire_martin_conseil not among ${hits.join(', ')}`);
});

await test('browser-audit', async () => {
  await Promise.all([page.waitForNavigation(),
    page.click('a.audit-link:text-is("sim:claire_martin_conseil")')]);
  expect(page.url().includes('/audit?a=sim%3Aclaire_martin_conseil'),
    `unexpected URL ${page.url()}`);
  const text = await page.textContent('body');
  expect(text.includes('claire_martin_conseil'), 'the handle is missing');
  expect(await page.getAttribute('html', 'lang') === 'en', 'not English');
});

await test('browser-language', async () => {
  await Promise.all([page.waitForNavigation(), page.click('#nav-lang')]);
  expect(await page.getAttribute('html', 'lang') === 'fr',
    'the page is not in French');
  expect((await page.textContent('#nav-search')) === 'Rechercher',
    'the navigation is not in French');
  expect(page.url().includes('claire_martin_conseil'),
    'the switch left the audit');
});

await test('browser-upload', async () => {
  await page.goto(`${base}/upload?lang=en`);
  await page.setInputFiles('#upload-file', uploadFile);
  await page.fill('#upload-platform', 'sim');
  await Promise.all([page.waitForNavigation(), page.click('#upload-btn')]);
  // The job page refreshes itself (a Refresh header) until the job ends.
  await page.waitForSelector('#job-state[data-state="done"]',
    { timeout: 30000 });
  const n = await page.getAttribute('#job-counts', 'data-accounts');
  expect(n === uploadAccounts, `read ${n} accounts, want ${uploadAccounts}`);
  const rejected = await page.getAttribute('#job-rejected', 'data-rejected');
  expect(rejected === '1', `${rejected} rejected records shown, want 1`);
  expect((await page.$$('#job-diags li')).length >= 1,
    'the rejected record has no diagnostic');
});

await test('browser-compare', async () => {
  await page.goto(`${base}/?lang=en&q=claire`);
  await page.check('input[name="a"][value="sim:claire_martin_conseil"]');
  await page.check('input[name="a"][value="sim:success_claire"]');
  await Promise.all([page.waitForNavigation(), page.click('#compare-btn')]);
  expect(page.url().includes('/compare?'), `unexpected URL ${page.url()}`);
  const text = await page.textContent('body');
  expect(text.includes('claire_martin_conseil') &&
    text.includes('success_claire'), 'both accounts are not shown');
});

await test('browser-cross-site-upload-refused', async () => {
  // Another site (localhost is not the site 127.0.0.1) serves a page whose
  // form posts a file to the server, as any page the user visits could.
  const evil = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<form id="f" method="post" action="${base}/upload"
      enctype="multipart/form-data"><input id="file" type="file" name="file">
      <input name="platform" value="sim"><button id="go">go</button></form>`);
  });
  await new Promise((ok) => evil.listen(0, '127.0.0.1', ok));
  try {
    await page.goto(`http://localhost:${evil.address().port}/`);
    await page.setInputFiles('#file', uploadFile);
    const [resp] = await Promise.all([page.waitForNavigation(),
      page.click('#go')]);
    expect(resp.status() === 403, `the upload got ${resp.status()}`);
    expect(await page.getAttribute('#error', 'data-code') === 'cross_origin',
      'not refused as cross-origin');
  } finally {
    evil.close();
  }
});

await test('browser-rebinding-refused', async () => {
  // rebind.test resolves to 127.0.0.1, as an attacker's name would.
  const port = new URL(base).port;
  const resp = await page.goto(`http://rebind.test:${port}/api/v1/accounts?q=sim`);
  expect(resp.status() === 421, `a rebinding name got ${resp.status()}`);
  expect(!(await page.textContent('body')).includes('"accounts"'),
    'the API answered a rebinding name');
});

await test('browser-no-script', async () => {
  // Only this server's messages count: the rebinding test's page may still
  // report its refused favicon (421) once this listener is on.
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && (m.location().url || '').startsWith(base))
      errors.push(m.text());
  });
  await page.goto(`${base}/audit?a=sim:maxgrowth_guru&lang=en`);
  const scripts = await page.$$('script');
  expect(scripts.length === 0, 'the page holds a script');
  expect(errors.length === 0, `console errors (CSP?): ${errors.join('; ')}`);
});

await finish(browser);
