// lib.mjs - what every browser test file shares: a headless Chromium on a
// fresh profile, a test runner that prints "ok NAME" or "FAIL NAME" and
// the reason, indented, and an accessibility check with axe-core.
//
// tests/suites/browser.sh runs each tests/browser/*.mjs but this one with
// these variables set:
//   BASE_URL     the server of the simulated world (sim --seed 5, 2000
//                accounts), listening on loopback without a token
//   BONAFIDE     the bonafide binary, to start a server of one's own
//   STORE        that server's store (other files may change it: a test
//                that needs a state of its own makes it)
//   SIM_DIR      the simulated world's files (accounts.csv, follows.csv,
//                posts.jsonl)
//   WORK_DIR     a scratch directory of this file's own, removed after
//   CHROMIUM     Debian's chromium
// A file exits 1 when one of its tests failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let failed = 0;
const profiles = [];

// launch opens a browser on a profile of its own; options go to
// launchPersistentContext (e.g. viewport, locale).  Extra Chromium
// arguments come in args.
export async function launch(options = {}, args = []) {
  const profile = mkdtempSync(join(tmpdir(), 'bonafide-chromium-'));
  profiles.push(profile);
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...args],
    ...options,
  });
  return browser;
}

export async function test(name, fn) {
  try {
    await fn();
    console.log(`ok ${name}`);
  } catch (e) {
    failed = 1;
    console.log(`FAIL ${name}`);
    console.log(`    ${String(e.message || e).split('\n').join('\n    ')}`);
  }
}

export function expect(cond, what) {
  if (!cond) throw new Error(what);
}

// axe runs axe-core on the page (through the debugging protocol, so the
// pages' Content-Security-Policy, which forbids scripts, stays as it is)
// and returns its violations of impact "serious" or "critical".
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) =>
    v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// finish closes the browsers given, removes the profiles and exits with
// the file's status.
export async function finish(...browsers) {
  for (const b of browsers) await b.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
  process.exit(failed);
}
