// notes.mjs - team notes in headless Chromium: write, edit and delete a
// note on an account's page; required fields refused with their messages;
// markup shown as text; another browser (no author token) cannot change
// it; an e-mail address typed into the form never comes back in any
// response.  Each flow runs at 1280 and 390 px wide, in English and in
// French, on an account of its own, and the notes' part of the page is
// checked with axe.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, test, expect, finish } from './lib.mjs';

const base = process.env.BASE_URL;
const secret = 'anne.private.77@example.com';

// axeIn runs axe-core on the part of the page matched by selector only:
// the report around the notes is its own test's.
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
  en: { name: 'Give your name.', body: 'Write the note.',
    email: 'This is not an e-mail address', notAuthor: 'Only the author' },
  fr: { name: 'Indiquez votre nom.', body: 'Écrivez la note.',
    email: "Ce n'est pas une adresse", notAuthor: "Seul l'auteur" },
};
const accounts = {
  'en-1280': 'sim:claire_martin_conseil',
  'en-390': 'sim:success_claire',
  'fr-1280': 'sim:maxgrowth_guru',
  'fr-390': 'sim:promo_deals_24',
};

const author = await launch();
const stranger = await launch();
const page = await author.newPage();
const other = await stranger.newPage();
page.setDefaultTimeout(30000);
other.setDefaultTimeout(30000);

// Every response body either browser receives is kept, to look for the
// address afterwards.
const bodies = [];
for (const p of [page, other]) {
  p.on('response', async (r) => {
    const h = await r.allHeaders();
    bodies.push(JSON.stringify(h));
    try {
      bodies.push(await r.text());
    } catch {
      // A redirect has no body.
    }
  });
}

for (const lang of ['en', 'fr']) {
  for (const width of [1280, 390]) {
    const name = `notes-${lang}-${width}`;
    const account = accounts[`${lang}-${width}`];
    const audit = `${base}/audit?a=${encodeURIComponent(account)}&lang=${lang}`;
    await page.setViewportSize({ width, height: 900 });
    await other.setViewportSize({ width, height: 900 });

    await test(`${name}-required-fields`, async () => {
      await page.goto(audit);
      await page.fill('#note-email', secret);
      const [resp] = await Promise.all([page.waitForNavigation(),
        page.click('#note-save')]);
      expect(resp.status() === 400, `an empty note got ${resp.status()}`);
      expect((await page.textContent('#err-author')) === text[lang].name,
        `name message: ${await page.textContent('#err-author')}`);
      expect((await page.textContent('#err-body')) === text[lang].body,
        `note message: ${await page.textContent('#err-body')}`);
      expect(await page.getAttribute('#note-author', 'aria-invalid') === 'true',
        'the name field is not marked invalid');
      expect(await page.inputValue('#note-email') === '',
        'the address was written back into the form');
      const v = await axeIn(page, 'main');
      expect(v.length === 0, v.join('\n'));
      // A mistyped address is refused with its own message, and not shown.
      await page.fill('#note-author', 'Anne');
      await page.fill('#note-email', 'not an address');
      await page.fill('#note-body', 'kept text');
      await Promise.all([page.waitForNavigation(), page.click('#note-save')]);
      expect((await page.textContent('#err-email')).startsWith(
        text[lang].email), 'no message for the address');
      expect(await page.inputValue('#note-body') === 'kept text',
        'the note was not kept in the form');
    });

    await test(`${name}-write`, async () => {
      await page.goto(audit);
      await page.fill('#note-author', 'Anne <b>B.</b>');
      await page.fill('#note-email', secret);
      await page.fill('#note-body',
        '<script>alert(1)</script> Good audience,\nask about May.');
      await Promise.all([page.waitForNavigation(), page.click('#note-save')]);
      expect(page.url().includes('/audit?') && page.url().endsWith('#notes'),
        `not back on the report: ${page.url()}`);
      const note = page.locator('li.note').last();
      expect(await note.locator('.note-author').textContent() ===
        'Anne <b>B.</b>', 'the author is not shown as typed');
      expect((await note.locator('.note-body').textContent()).startsWith(
        '<script>alert(1)</script> Good audience,'), 'the note is not shown');
      expect((await page.$$('#team script, #team b b')).length === 0,
        'markup of the note became elements');
      const v = await axeIn(page, '#team');
      expect(v.length === 0, v.join('\n'));
    });

    await test(`${name}-stranger-cannot-edit`, async () => {
      await other.goto(audit);
      const n = await other.$$('li.note');
      expect(n.length >= 1, 'the stranger does not see the note');
      expect((await other.$$('.note-delete, .note-edit')).length === 0,
        'the stranger is offered to change the note');
      // Forged with the author's form values but without the cookie.
      const id = await page.locator('li.note').last().getAttribute('data-note');
      const resp = await other.request.post(`${base}/notes/delete?lang=${lang}`,
        { form: { note: id, csrf: await page.locator(
          '#note-form input[name=csrf]').getAttribute('value') } });
      expect(resp.status() === 403, `a delete without the token got ${resp.status()}`);
      expect((await resp.text()).includes(text[lang].notAuthor),
        'the refusal does not say why');
    });

    await test(`${name}-edit`, async () => {
      await page.goto(audit);
      const note = page.locator('li.note').last();
      await note.locator('summary').click();
      const body = note.locator('textarea[name=body]');
      await body.fill('');
      await Promise.all([page.waitForNavigation(),
        note.locator('button.note-save').click()]);
      expect((await page.textContent('#err-body')) === text[lang].body,
        'an emptied note was not refused');
      await page.fill('#note-body', 'Edited: checked the growth.');
      await page.fill('#note-email', secret);
      await Promise.all([page.waitForNavigation(), page.click('#note-save')]);
      expect((await page.locator('li.note').last().locator('.note-body')
        .textContent()) === 'Edited: checked the growth.', 'not edited');
    });

    await test(`${name}-delete`, async () => {
      const before = (await page.$$('li.note')).length;
      await Promise.all([page.waitForNavigation(),
        page.locator('li.note').last().locator('button.note-delete').click()]);
      expect((await page.$$('li.note')).length === before - 1,
        'the note is still there');
    });
  }
}

await test('notes-email-never-in-a-response', async () => {
  await page.goto(`${base}/api/v1/accounts/sim:claire_martin_conseil/notes`);
  await page.goto(`${base}/shortlist`);
  const all = bodies.join('\n');
  expect(all.length > 10000, 'no responses were recorded');
  expect(!all.includes(secret) && !all.includes('anne.private'),
    'the e-mail address came back in a response');
});

await finish(author, stranger);
