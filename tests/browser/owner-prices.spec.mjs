// The owner sets a price in a real browser (Debian's Chromium via playwright-core), against the
// demo server with its simulated chargers: a session runs at Tromsø under the old price; the
// owner signs in, opens Prices from the navigation, changes the Tromsø site's price — core's
// per-field errors appear as they type (a negative price, a night window that ends before it
// starts), then the new price in words and the preview of typical sessions next to the current
// price — and saves it effective now; the history shows it in effect. A session started
// afterwards (through the API, as a driver's app would) shows the new price on its receipt
// page, the one that was running the old. Screenshots at 390×844 and 1280×800 in English and
// Norwegian: the form with errors, the preview, the history, the list.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/owner-prices.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('owner-prices: set LADEKLAR_URL (the server)');
  process.exit(2);
}
const SHOTS = process.env.LADEKLAR_SHOTS ?? '/tmp/ladeklar-shots';
const TOTAL_TIMEOUT_MS = Number(process.env.LADEKLAR_BROWSER_TIMEOUT_MS ?? 300_000);
const SITE = 'tromso-sentrum';
const CHARGER = 'TROMSO-SENTRUM-AC1';
// Tromsø as set up: 2.96 kr/kWh and 8 kr per session excl. VAT, 25 % VAT.
const OLD_WORDS = '3.70 kr/kWh · 10.00 kr per session';
const NEW_WORDS = '5.00 kr/kWh · 2.50 kr per session';
const OWNER = { email: 'owner@demo.ladeklar.no', password: 'demo-pass-owner' };
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

const problems = [];
const SIGNED_OUT_CHECK = /401.*\/api\/v1\/account\)?$/;
let browser;
let current;

const guard = setTimeout(() => fail(`the whole flow took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);

function log(step) {
  console.log(`owner-prices: ${step}`);
}

async function fail(why) {
  console.error(`owner-prices: FAILED: ${why}`);
  for (const p of problems) console.error(`  ${p}`);
  try {
    await current?.screenshot({ path: join(SHOTS, 'owner-prices-failed.png'), fullPage: true });
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

async function api(method, path, body) {
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function waitFor(what, probe, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An ad-hoc session (no account: its id is the key), charging with energy flowing. */
async function startSession(connector) {
  await waitFor(`${CHARGER} connector ${connector} available`, async () => {
    const c = await api('GET', `/chargers/${CHARGER}`);
    return c.body?.online && c.body.connectors.some((x) => x.connector_id === connector && x.status === 'available');
  });
  const started = await api('POST', '/sessions', { charger_id: CHARGER, connector_id: connector });
  check(started.status === 201, `start on connector ${connector}: ${started.status} ${JSON.stringify(started.body)}`);
  const id = started.body.id;
  await waitFor(`session ${id} charging`, async () => {
    const s = await api('GET', `/sessions/${id}`);
    return s.body?.status === 'charging' && Number(s.body.energy_kwh) > 0;
  });
  return id;
}

async function stopSession(id) {
  const stopped = await api('POST', `/sessions/${id}/stop`, {});
  check(stopped.status === 202, `stop ${id}: ${stopped.status}`);
  await waitFor(`session ${id} completed`, async () => (await api('GET', `/sessions/${id}`)).body?.status === 'completed');
}

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${m.text()} (${m.location()?.url ?? ''})`;
    if (SIGNED_OUT_CHECK.test(text)) return;
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
      await page.screenshot({ path: join(SHOTS, `owner-prices-${name}-${lang}-${v.name}.png`), fullPage: true });
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

async function main() {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });

  log('a session runs under the old price');
  const running = await startSession(1);

  const page = await openPage();
  current = page;
  await signIn(page, OWNER);
  log('the owner opens Prices from the navigation');
  await page.getByTestId('nav-owner-prices').click();
  await page.getByTestId('owner-prices').waitFor();
  const card = page.locator(`[data-testid="price-site"][data-site="${SITE}"]`);
  check((await text(card.getByTestId('site-price-text'))) === OLD_WORDS, `the list shows ${await text(card.getByTestId('site-price-text'))}`);
  check((await page.getByTestId('price-site').count()) === 5, 'the owner sees their five sites, no one else\'s');
  await shots(page, 'list');

  await card.getByTestId('change-site-price').click();
  await page.getByTestId('price-form').waitFor();
  check((await text(page.getByTestId('current-price-text'))) === OLD_WORDS, 'the current price in words');
  check((await page.getByTestId('field-energy_price').inputValue()) === '2.96', 'the form starts from the current price');

  log('bad input: errors next to their fields as they are typed');
  await page.getByTestId('field-energy_price').fill('-1');
  await page.getByTestId('error-energy_price').waitFor();
  check((await text(page.getByTestId('error-energy_price'))).includes('negative'), 'a negative price is named');
  await page.getByTestId('add-window').click();
  await page.getByTestId('field-windows-0-start').fill('22:00');
  await page.getByTestId('field-windows-0-end').fill('06:00');
  await page.getByTestId('field-windows-0-energy_price').fill('2');
  await page.getByTestId('error-windows-0-end').waitFor();
  check((await text(page.getByTestId('error-windows-0-end'))).includes('ends (06:00) before it starts (22:00)'), 'the window error');
  await page.getByTestId('preview-waiting').waitFor();
  await page.getByTestId('save-price').click();
  await page.getByTestId('fix-problems').waitFor();
  await shots(page, 'form-errors');

  log('a sound price: its words and the preview');
  await page.getByTestId('window-0-next-day').check();
  await page.getByTestId('error-windows-0-end').waitFor({ state: 'hidden' });
  await page.getByTestId('remove-window-0').click();
  await page.getByTestId('field-energy_price').fill('4');
  await page.getByTestId('field-session_fee').fill('2');
  await page.getByTestId('price-preview').waitFor();
  check((await text(page.getByTestId('new-price-text'))) === NEW_WORDS, `new words: ${await text(page.getByTestId('new-price-text'))}`);
  check((await page.getByTestId('preview-line').count()) === 3, 'three typical sessions');
  const dc = page.locator('[data-testid="preview-line"][data-session="dc_fast"]');
  // 40 kWh: 40 × 3.70 + 10.00 = 158.00 now; 40 × 5.00 + 2.50 = 202.50 new.
  check((await text(dc.getByTestId('preview-current'))) === '158.00 kr', `current: ${await text(dc.getByTestId('preview-current'))}`);
  check((await text(dc.getByTestId('preview-new'))) === '202.50 kr', `new: ${await text(dc.getByTestId('preview-new'))}`);
  await shots(page, 'preview');

  log('saved, effective now');
  await page.getByTestId('effective-now').check();
  await page.getByTestId('save-price').click();
  await page.getByTestId('price-saved').waitFor();
  await page.locator('[data-testid="history-version"][data-version="1"][data-status="in_effect"]').waitFor();
  check((await text(page.getByTestId('current-price-text'))) === NEW_WORDS, 'the new price is current');
  check((await page.locator('[data-testid="history-version"][data-version="0"][data-status="replaced"]').count()) === 1, 'the old one kept');
  await page.getByTestId('price-history').scrollIntoViewIfNeeded();
  await shots(page, 'history');

  log('a session started after the change, and the one that was running');
  const after = await startSession(2);
  await stopSession(running);
  await stopSession(after);
  for (const [id, words] of [[running, OLD_WORDS], [after, NEW_WORDS]]) {
    await page.goto(`${BASE}/sessions/${id}/receipt`);
    await page.getByTestId('receipt').waitFor();
    const shown = await text(page.getByTestId('receipt-price-text'));
    check(shown.includes(words), `receipt of ${id} says "${shown}", expected "${words}"`);
  }
  await shots(page, 'receipt-new-price');

  check(problems.length === 0, 'browser reported errors');
  log('passed');
  clearTimeout(guard);
  await browser.close();
}

main().catch((e) => fail(e.stack ?? String(e)));
