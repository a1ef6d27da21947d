// The driver's whole flow in a real browser (Debian's Chromium via playwright-core):
// list → charger → start → live values change without reloading → stop → receipt.
//
// Run against a running demo server:
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/driver-flow.spec.mjs
// Optional: CHROMIUM=/path/to/chromium, LADEKLAR_SCREENSHOTS=/some/dir (a PNG per step).
//
// Fails (non-zero exit) on any page error, any console error, and on timeouts.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('driver-flow: set LADEKLAR_URL to the running server, e.g. http://127.0.0.1:8080');
  process.exit(2);
}
const SHOTS = process.env.LADEKLAR_SCREENSHOTS;
const TOTAL_TIMEOUT_MS = Number(process.env.LADEKLAR_BROWSER_TIMEOUT_MS ?? 300_000);
// Simulated chargers send meter values every few seconds; leave room for a slow machine.
const LIVE_TIMEOUT_MS = 120_000;

const problems = [];
let browser;

const guard = setTimeout(() => {
  fail(`the whole flow took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
}, TOTAL_TIMEOUT_MS);

function log(step) {
  console.log(`driver-flow: ${step}`);
}

async function fail(why) {
  console.error(`driver-flow: FAILED: ${why}`);
  for (const p of problems) console.error(`  ${p}`);
  try {
    await browser?.close();
  } catch {
    // already gone
  }
  process.exit(1);
}

function checkProblems(where) {
  if (problems.length > 0) throw new Error(`browser reported errors ${where}`);
}

async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The number in a text like "12.345 kWh" or "123.45 kr". */
function numberIn(text) {
  const m = /-?\d+(?:\.\d+)?/.exec(text ?? '');
  return m ? Number(m[0]) : NaN;
}

async function readLive(page) {
  const text = async (id) => (await page.getByTestId(id).textContent())?.trim() ?? '';
  return {
    status: await page.getByTestId('live-session').getAttribute('data-status'),
    energy: await text('live-energy'),
    power: await text('live-power'),
    cost: await text('live-cost'),
    elapsed: await text('live-elapsed'),
    pricedBy: await page.getByTestId('live-cost').getAttribute('data-priced-by'),
  };
}

/** Polls `read` until `ok(value)` holds; returns the value, or throws after `ms`. */
async function waitFor(what, read, ok, ms = LIVE_TIMEOUT_MS) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await read();
    if (ok(last)) return last;
    checkProblems(`while waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

async function main() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // A phone-sized window: the UI is mobile first.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location()?.url ?? ''})`);
  });
  page.on('crash', () => problems.push('the page crashed'));

  // 1. The list: chargers nearest the default place, with live connector status.
  log(`opening ${BASE}/`);
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  const cards = await page.getByTestId('charger-card').count();
  log(`list shows ${cards} chargers`);
  await shot(page, '1-list');
  checkProblems('on the list');

  // 2. A charger with a free connector.
  const free = page.locator('[data-testid="charger-card"]:has([data-testid="connector-status"][data-status="available"])');
  await free.first().waitFor({ timeout: 60_000 });
  const chargerId = await free.first().getAttribute('data-charger-id');
  log(`opening charger ${chargerId}`);
  await free.first().locator('a').first().click();
  await page.getByTestId('charger-detail').waitFor();
  await page.waitForURL(/\/chargers\//);
  await shot(page, '2-charger');
  checkProblems('on the charger page');

  // 3. Start on the first connector that offers it.
  const start = page.getByTestId('start-button').first();
  await start.waitFor();
  log('starting a session');
  await start.click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await page.getByTestId('live-session').waitFor();
  const sessionUrl = page.url();
  log(`live page ${sessionUrl}`);
  // A marker that survives only if the page is never reloaded.
  await page.evaluate(() => {
    window.__ladeklarNoReload = true;
  });
  const first = await readLive(page);
  log(`first live values ${JSON.stringify(first)}`);

  // 4. Live values change, pushed by the server.
  const charging = await waitFor(
    'the session to be charging with energy flowing',
    () => readLive(page),
    (v) => v.status === 'charging' && numberIn(v.energy) > 0 && numberIn(v.power) > 0,
  );
  log(`charging ${JSON.stringify(charging)}`);
  const later = await waitFor(
    'energy and cost to change again',
    () => readLive(page),
    (v) =>
      v.status === 'charging' &&
      numberIn(v.energy) > numberIn(charging.energy) &&
      v.cost !== charging.cost &&
      numberIn(v.cost) > numberIn(first.cost),
  );
  log(`later ${JSON.stringify(later)}`);
  // The running cost shown is ladeklar-core's, priced in the page, not the server's figure.
  if (later.pricedBy !== 'core') throw new Error(`the running cost was not priced by core in the page: ${later.pricedBy}`);
  if (!(numberIn(later.power) > 0)) throw new Error(`power is not positive while charging: ${later.power}`);
  if (first.power === later.power && first.status === 'charging' && numberIn(first.power) > 0) {
    log('note: power was already flowing when the page opened and stayed constant');
  } else if (first.power === later.power) {
    throw new Error(`live power never changed from ${first.power}`);
  }
  const ticked = await waitFor('the elapsed time to tick', () => readLive(page), (v) => v.elapsed !== later.elapsed, 5_000);
  log(`elapsed ticks: ${later.elapsed} → ${ticked.elapsed}`);
  const stillSamePage = await page.evaluate(() => window.__ladeklarNoReload === true);
  if (!stillSamePage || page.url() !== sessionUrl) throw new Error('the live page reloaded or navigated away');
  await shot(page, '3-live');
  checkProblems('on the live page');

  // 5. Stop, and the receipt follows.
  log('stopping');
  await page.getByTestId('stop-button').click();
  await page.getByTestId('receipt').waitFor({ timeout: LIVE_TIMEOUT_MS });
  await page.waitForURL(/\/sessions\/[0-9a-f-]{36}\/receipt$/);
  const total = (await page.getByTestId('receipt-total').textContent())?.trim() ?? '';
  const energy = (await page.getByTestId('receipt-energy').textContent())?.trim() ?? '';
  const lines = await page.getByTestId('receipt-line').count();
  log(`receipt: total ${total}, energy ${energy}, ${lines} line(s)`);
  if (!/^\d+(\.\d+)? \S+$/.test(total)) throw new Error(`receipt total does not read as an amount: "${total}"`);
  if (!(numberIn(total) > 0)) throw new Error(`receipt total is not positive: "${total}"`);
  if (!(numberIn(energy) > 0)) throw new Error(`receipt energy is not positive: "${energy}"`);
  if (lines < 1) throw new Error('receipt has no cost lines');
  await shot(page, '4-receipt');

  // Let late events (a closing stream, a last fetch) surface before judging.
  await page.waitForTimeout(1_000);
  checkProblems('at the end');
  await browser.close();
  clearTimeout(guard);
  log('PASSED');
}

main().catch((e) => fail(e?.stack ?? String(e)));
