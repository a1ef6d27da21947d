// The site owner's overview and statements in a real browser (Debian's Chromium via
// playwright-core), against the demo server: the owner (Fjordlade) signs in, opens Overview
// from the navigation and sees their own five sites with their chargers and each connector's
// status — none of another owner's (Nordlys) — the revenue chart, the month's total and the
// open cases. Then Statements: the empty list, issuing the last month that is over (the
// demo server takes no payments: nothing to state, or that month's documents), and a month
// the server refuses, its error next to the field. Screenshots at 390×844 and 1280×800 in
// English and Norwegian.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/owner.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('owner: set LADEKLAR_URL (the server)');
  process.exit(2);
}
const SHOTS = process.env.LADEKLAR_SHOTS ?? '/tmp/ladeklar-shots';
const TOTAL_TIMEOUT_MS = Number(process.env.LADEKLAR_BROWSER_TIMEOUT_MS ?? 300_000);
const OWNER = { email: 'owner@demo.ladeklar.no', password: 'demo-pass-owner' };
// The demo's sites by owner (crates/ladeklar-server/demo/sites.json).
const FJORDLADE = ['oslo-aker-brygge', 'oslo-majorstuen', 'bergen-bryggen', 'trondheim-solsiden', 'tromso-sentrum'];
const NORDLYS = ['oslo-storo', 'bergen-lagunen', 'stavanger-vaagen'];
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

const problems = [];
const SIGNED_OUT_CHECK = /401.*\/api\/v1\/account\)?$/;
// The refused month: the browser logs the 400 itself.
const EXPECTED_ERROR = /status of 400.*\/api\/v1\/owners\/.*\/statements/;
let browser;
let current;

const guard = setTimeout(() => fail(`the whole flow took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);

function log(step) {
  console.log(`owner: ${step}`);
}

async function fail(why) {
  console.error(`owner: FAILED: ${why}`);
  for (const p of problems) console.error(`  ${p}`);
  try {
    await current?.screenshot({ path: join(SHOTS, 'owner-failed.png'), fullPage: true });
  } catch {
    // no page
  }
  try {
    await browser?.close();
  } catch {
    // already gone
  }
  process.exit(1);
}

function check(ok, why) {
  if (!ok) throw new Error(why);
}

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${m.text()} (${m.location()?.url ?? ''})`;
    if (SIGNED_OUT_CHECK.test(text) || EXPECTED_ERROR.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  return page;
}

/** Screenshots at both sizes, in English and Norwegian; nothing wider than the viewport. */
async function shots(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  for (const lang of ['en', 'nb']) {
    if (lang === 'nb') await page.getByTestId('lang-nb').click();
    for (const v of VIEWPORTS) {
      await page.setViewportSize({ width: v.width, height: v.height });
      await page.waitForTimeout(250);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(wide <= 0, `${name} (${lang}, ${v.name}) is ${wide}px wider than the viewport`);
      await page.screenshot({ path: join(SHOTS, `owner-${name}-${lang}-${v.name}.png`), fullPage: true });
    }
    if (lang === 'nb') await page.getByTestId('lang-en').click();
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

async function signIn(page, who) {
  await page.goto(`${BASE}/account/sign-in?next=${encodeURIComponent('/')}`);
  await page.getByTestId('sign-in-page').waitFor();
  await page.getByLabel('E-mail address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('signed-in-as').filter({ hasText: who.email }).waitFor();
}

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

/** Every target the owner taps on the page is at least 44 px high. */
async function targets(page, selector) {
  const small = await page.evaluate((sel) => {
    return [...document.querySelectorAll(sel)]
      .filter((e) => e.offsetParent !== null)
      .map((e) => [e.dataset.testid ?? e.textContent.trim(), e.getBoundingClientRect().height])
      .filter(([, h]) => h < 44);
  }, selector);
  check(small.length === 0, `targets under 44 px: ${JSON.stringify(small)}`);
}

async function main() {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await openPage();
  current = page;
  await signIn(page, OWNER);

  log('the owner opens Overview from the navigation: their sites, none of another owner\'s');
  await page.getByTestId('nav-owner').click();
  await page.getByTestId('owner-overview').waitFor();
  await page.getByTestId('owner-site').first().waitFor();
  const sites = await page.getByTestId('owner-site').evaluateAll((es) => es.map((e) => e.dataset.site));
  for (const s of FJORDLADE) check(sites.includes(s), `Fjordlade's ${s} is listed (got ${sites})`);
  for (const s of NORDLYS) check(!sites.includes(s), `Nordlys' ${s} is not listed`);
  check(sites.length === FJORDLADE.length, `five sites, got ${sites}`);
  const tromso = page.locator('[data-testid="owner-site"][data-site="tromso-sentrum"]');
  check((await tromso.getByTestId('owner-charger').count()) === 3, 'Tromsø lists its three chargers');
  check((await tromso.getByTestId('owner-connector').count()) > 0, 'with their connectors');
  await page.getByTestId('revenue-chart').waitFor();
  check((await page.getByTestId('revenue').count()) === 1, 'the revenue section');
  check((await text(page.getByTestId('open-cases'))).match(/^\d+$/), 'the open cases are a number');
  await page.getByTestId('month-total').waitFor();
  await shots(page, 'overview');

  log('Statements: empty, then the last month that is over is issued');
  await page.getByTestId('nav-owner-statements').click();
  await page.getByTestId('owner-statements').waitFor();
  await page.getByTestId('statements-empty').waitFor();
  const month = await page.getByTestId('issue-month').inputValue();
  check(/^\d{4}-\d{2}$/.test(month), `the form offers the last month that is over: ${month}`);
  await targets(page, '.issue-form button, .issue-form input, .facenav a');
  await shots(page, 'statements-empty');
  await page.getByTestId('issue-submit').click();
  await page.getByTestId('issued').waitFor();
  const said = await text(page.getByTestId('issued'));
  check(said.includes(month), `the answer names ${month}: ${said}`);
  const rows = await page.getByTestId('statement').count();
  if (said.startsWith('Nothing to state')) {
    await page.getByTestId('statements-empty').waitFor();
  } else {
    check(rows > 0, 'the issued documents are listed');
    const pdf = await page.getByTestId('statement-pdf').first().getAttribute('href');
    check(/\/statements\/[^/]+\/pdf/.test(pdf), `a PDF link: ${pdf}`);
  }
  await shots(page, 'statements-issued');

  log('a month the server refuses: its error next to the field');
  await page.getByTestId('issue-month').fill('2026-13');
  await page.getByTestId('issue-submit').click();
  await page.getByTestId('error-month').waitFor();
  check((await text(page.getByTestId('error-month'))).includes('month that is over'), 'invalid_month in words');
  check((await page.getByTestId('issue-month').getAttribute('aria-invalid')) === 'true', 'the field is marked');
  await shots(page, 'statements-error');

  check(problems.length === 0, 'browser reported errors');
  log('passed');
  clearTimeout(guard);
  await browser.close();
}

main().catch((e) => fail(e.stack ?? String(e)));
