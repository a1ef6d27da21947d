// The driver's whole flow in a real browser (Debian's Chromium via playwright-core):
// list → charger → start → live values change without reloading → stop → receipt;
// then, in a Norwegian browser, the list in bokmål and the header's EN | NB switch.
//
// Run against a running demo server:
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/driver-flow.spec.mjs
// Optional: CHROMIUM=/path/to/chromium, LADEKLAR_SCREENSHOTS=/some/dir (a PNG per step),
// LADEKLAR_VIEWPORT=1280x800 (default: a phone, 390x844).
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
const [VIEW_W, VIEW_H] = (process.env.LADEKLAR_VIEWPORT ?? '390x844').split('x').map(Number);
const TOTAL_TIMEOUT_MS = Number(process.env.LADEKLAR_BROWSER_TIMEOUT_MS ?? 300_000);
// Simulated chargers send meter values every few seconds; leave room for a slow machine.
const LIVE_TIMEOUT_MS = 120_000;

const problems = [];
let browser;
// Console errors a step provokes on purpose (Chromium logs every 4xx fetch as an error);
// each entry is a RegExp that must match the message, and is used up once matched.
const expectedConsoleErrors = [];

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

async function api(method, path, body) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  return { status: res.status, json };
}

async function refusals(page) {
  // An unknown charger: a 404 problem, shown as words.
  expectedConsoleErrors.push(/404/);
  await page.goto(`${BASE}/chargers/NO-SUCH-CHARGER`);
  const notFound = page.getByTestId('error');
  await notFound.waitFor();
  if ((await notFound.getAttribute('data-code')) !== 'charger_not_found') {
    throw new Error(`unknown charger shows code ${await notFound.getAttribute('data-code')}`);
  }
  log(`unknown charger: "${(await notFound.locator('.notice-words').textContent())?.trim()}"`);

  // Two drivers, one connector: someone else starts while this page still offers Start.
  await page.goto(`${BASE}/`);
  const free = page.locator('[data-testid="charger-card"]:has([data-testid="connector-status"][data-status="available"])');
  await free.first().waitFor({ timeout: 60_000 });
  await free.first().locator('a').first().click();
  const button = page.getByTestId('start-button').first();
  await button.waitFor();
  const detail = page.getByTestId('charger-detail');
  const chargerId = await detail.getAttribute('data-charger-id');
  const connectorId = Number(
    await page.locator('[data-testid="connector"]:has([data-testid="start-button"])').first().getAttribute('data-connector-id'),
  );
  const other = await api('POST', '/sessions', { charger_id: chargerId, connector_id: connectorId });
  if (other.status !== 201) throw new Error(`could not start the other driver's session: ${JSON.stringify(other)}`);
  try {
    expectedConsoleErrors.push(/409/);
    await button.click();
    const refused = page.getByTestId('error');
    await refused.waitFor();
    const code = await refused.getAttribute('data-code');
    if (code !== 'connector_occupied') throw new Error(`an occupied connector shows code ${code}`);
    if (!/\/chargers\//.test(page.url())) throw new Error(`a refused start left the charger page: ${page.url()}`);
    log(`occupied connector: "${(await refused.locator('.notice-words').textContent())?.trim()}"`);
    await shot(page, '5-refused');
  } finally {
    // Leave the charger free for whoever comes next; the charger may need a moment to start.
    const id = other.json?.id;
    const until = Date.now() + 60_000;
    while (id && Date.now() < until) {
      const s = await api('GET', `/sessions/${id}`);
      if (s.json?.status === 'charging') {
        await api('POST', `/sessions/${id}/stop`);
        break;
      }
      if (s.json?.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (expectedConsoleErrors.length > 0) {
    // Chromium did not log them; not a failure, just not what we assumed.
    log(`note: ${expectedConsoleErrors.length} expected console error(s) did not appear`);
    expectedConsoleErrors.length = 0;
  }
  checkProblems('in the refusal checks');
}

/** A new browser context and page; any page error, console error or crash is a problem. */
async function openPage(options) {
  // A phone-sized window by default: the UI is mobile first.
  // The device "is" in central Oslo, for the "Use my location" button.
  const context = await browser.newContext({
    viewport: { width: VIEW_W || 390, height: VIEW_H || 844 },
    deviceScaleFactor: 1,
    geolocation: { latitude: 59.9127, longitude: 10.7461 },
    permissions: ['geolocation'],
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${m.text()} (${m.location()?.url ?? ''})`;
    // Asking who is signed in answers 401 while nobody is: Chromium logs it as an error.
    if (/401.*\/api\/v1\/account\)?$/.test(text)) return;
    const i = expectedConsoleErrors.findIndex((re) => re.test(text));
    if (i >= 0) {
      expectedConsoleErrors.splice(i, 1);
      return;
    }
    problems.push(`console error: ${text}`);
  });
  page.on('crash', () => problems.push('the page crashed'));
  return page;
}

const NB_STATUS = /^(Ledig|Tilkoblet, klar|Lader|Pause fra laderen|Pause fra bilen|Avslutter|Reservert|Utilgjengelig|Feil|Ukjent status|Ikke på nett)\b/;
const EN_STATUS = /^(Available|Plugged in, ready|Charging|Paused by charger|Paused by car|Finishing|Reserved|Unavailable|Out of order|Status unknown|Offline)\b/;

async function texts(page, testId) {
  return (await page.getByTestId(testId).allTextContents()).map((t) => t.trim());
}

async function expectLang(page, lang) {
  const html = await page.evaluate(() => document.documentElement.lang);
  if (html !== lang) throw new Error(`<html lang> is "${html}", expected "${lang}"`);
  for (const code of ['en', 'nb']) {
    const pressed = await page.getByTestId(`lang-${code}`).getAttribute('aria-pressed');
    if (pressed !== String(code === lang)) throw new Error(`the ${code} button has aria-pressed=${pressed} in ${lang}`);
  }
}

/** A driver whose browser prefers Norwegian: the list in bokmål, then EN | NB. */
async function norwegian() {
  const page = await openPage({ locale: 'nb-NO' });
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { name: 'Ladere i nærheten av Oslo' }).waitFor();
  await page.getByTestId('charger-card').first().waitFor();
  await expectLang(page, 'nb');
  const statuses = await texts(page, 'connector-status');
  if (!statuses.some((s) => NB_STATUS.test(s))) throw new Error(`no Norwegian connector status: ${JSON.stringify(statuses)}`);
  if (statuses.some((s) => EN_STATUS.test(s))) throw new Error(`English connector status in bokmål: ${JSON.stringify(statuses)}`);
  const prices = await texts(page, 'price-text');
  if (!prices.some((p) => /\d+,\d{2} kr/.test(p))) throw new Error(`no price with a decimal comma: ${JSON.stringify(prices)}`);
  await page.getByTestId('use-my-location').filter({ hasText: 'Bruk min posisjon' }).waitFor();
  log(`bokmål: "${statuses[0]}", "${prices[0]}"`);
  await shot(page, '6-bokmal');

  // The switch: English, remembered over a reload, and back.
  await page.getByTestId('lang-en').click();
  await page.getByRole('heading', { name: 'Chargers near Oslo' }).waitFor();
  await expectLang(page, 'en');
  const enStatuses = await texts(page, 'connector-status');
  if (!enStatuses.every((s) => EN_STATUS.test(s))) throw new Error(`statuses not in English: ${JSON.stringify(enStatuses)}`);
  const enPrices = await texts(page, 'price-text');
  if (enPrices.some((p) => /\d+,\d{2} kr/.test(p))) throw new Error(`English prices with a comma: ${JSON.stringify(enPrices)}`);
  await page.reload();
  await page.getByRole('heading', { name: 'Chargers near Oslo' }).waitFor();
  await expectLang(page, 'en');
  log('switched to English, kept over a reload');
  await page.getByTestId('lang-nb').click();
  await page.getByRole('heading', { name: 'Ladere i nærheten av Oslo' }).waitFor();
  await expectLang(page, 'nb');
  await page.getByTestId('price-text').first().waitFor();
  const back = await texts(page, 'connector-status');
  if (!back.every((s) => NB_STATUS.test(s))) throw new Error(`statuses not back in bokmål: ${JSON.stringify(back)}`);
  log('and back to bokmål');
  checkProblems('in the Norwegian checks');
}

async function main() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // A phone-sized window by default: the UI is mobile first.
  // The device "is" in central Oslo, for the "Use my location" button.
  // An English-speaking browser: the UI follows `navigator.languages`.
  const page = await openPage({ locale: 'en-GB' });

  // 1. The list: chargers nearest the default place, with live connector status.
  log(`opening ${BASE}/`);
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  await expectLang(page, 'en');
  const cards = await page.getByTestId('charger-card').count();
  log(`list shows ${cards} chargers`);
  await shot(page, '1-list');
  checkProblems('on the list');

  // Another city, then the device's own position.
  await page.getByTestId('preset-place').filter({ hasText: 'Bergen' }).click();
  await page.getByRole('heading', { name: 'Chargers near Bergen' }).waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="charger-card"]')?.textContent?.includes('Bergen'),
  );
  log('Bergen list shown');
  await page.getByTestId('use-my-location').click();
  await page.getByRole('heading', { name: 'Chargers near your location' }).waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="charger-card"]')?.textContent?.includes('Oslo'),
  );
  log('list near the device position shown');
  checkProblems('while changing the place');

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

  // 6. Refusals in plain words, chosen by the server's error code.
  await refusals(page);

  // 7. Norwegian bokmål, chosen from the browser's language, and the EN | NB switch.
  await norwegian();

  // Let late events (a closing stream, a last fetch) surface before judging.
  await page.waitForTimeout(1_000);
  checkProblems('at the end');
  await browser.close();
  clearTimeout(guard);
  log('PASSED');
}

main().catch((e) => fail(e?.stack ?? String(e)));
