// Issue 17, "Charge with confidence", in a real browser (Debian's Chromium via playwright-core):
// - my car: impossible values named next to their field; a catalogue car changes the list's
//   and the charger page's estimates, and another car changes them again;
// - the price that applies now marked on a time-of-day tariff (the site's clock);
// - "You are charging": after a start the banner is on every other screen, one tap back to
//   the live page; gone once the session has ended;
// - the receipt's times in the site's zone, labelled, on a device in UTC;
// - a session stopped elsewhere: a system notification when permitted, else a toast.
//
// Run against a running demo server with simulated chargers:
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/confidence.spec.mjs
// Optional: CHROMIUM=/path/to/chromium, LADEKLAR_SHOTS=/some/dir (screenshots at 390 and 1280
// px in English and Norwegian).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('confidence: set LADEKLAR_URL to the running server, e.g. http://127.0.0.1:8080');
  process.exit(2);
}
const SHOTS = process.env.LADEKLAR_SHOTS;
const TOTAL_TIMEOUT_MS = 240_000;

const problems = [];
let browser;
const guard = setTimeout(() => fail(`took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);

function log(step) {
  console.log(`confidence: ${step}`);
}

async function fail(why) {
  console.error(`confidence: FAILED: ${why}`);
  for (const p of problems) console.error(`  ${p}`);
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

async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function openPage(width, height, locale = 'en-GB') {
  // A device in UTC: the site's times (Oslo) must be labelled as such.
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${m.text()} (${m.location()?.url ?? ''})`;
    // Asking who is signed in answers 401 while nobody is: Chromium logs it as an error.
    if (/401.*\/api\/v1\/account\)?$/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.on('crash', () => problems.push('the page crashed'));
  return page;
}

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

/** The first card's estimate and a charger with a free connector near Oslo. */
async function listEstimate(page) {
  await page.goto(`${BASE}/`);
  const first = page.getByTestId('card-estimate').first();
  await first.waitFor();
  return text(first);
}

async function chargerEstimate(page, chargerId) {
  await page.goto(`${BASE}/chargers/${chargerId}`);
  const estimate = page.getByTestId('estimate').first();
  await estimate.waitFor();
  return text(estimate);
}

async function freeCharger() {
  const res = await fetch(`${BASE}/api/v1/chargers?lat=59.91&lon=10.75&limit=20&available=true`);
  const list = await res.json();
  const charger = list.chargers.find((c) => c.online && c.connectors.some((k) => k.status === 'available'));
  check(charger, 'no free charger near Oslo');
  return charger.id;
}

async function myCar(page, chargerId) {
  const listBefore = await listEstimate(page);
  check(/30 kWh/.test(listBefore), `the default estimate is not for 30 kWh: "${listBefore}"`);
  await page.getByTestId('car-add').waitFor();
  const before = await chargerEstimate(page, chargerId);
  log(`default: list "${listBefore}", charger "${before}"`);

  // Impossible values: each named next to its own field, nothing saved.
  await page.goto(`${BASE}/car`);
  await page.getByTestId('car-form').waitFor();
  await page.getByTestId('car-battery-kwh').fill('10000');
  await page.getByTestId('car-max-ac-kw').fill('0');
  await page.getByTestId('car-max-dc-kw').fill('50');
  await page.getByTestId('car-current-pct').fill('60');
  await page.getByTestId('car-target-pct').fill('40');
  await page.getByTestId('car-save').click();
  for (const [field, words] of [
    ['battery-kwh', /between 10 and 250 kWh/],
    ['max-ac-kw', /between 1 and 43 kW/],
    ['target-pct', /above the charge now \(60 %\)/],
  ]) {
    const error = page.getByTestId(`car-${field}-error`);
    await error.waitFor();
    check(words.test(await text(error)), `${field}: "${await text(error)}"`);
    check(
      (await page.getByTestId(`car-${field}`).getAttribute('aria-invalid')) === 'true',
      `${field} is not marked invalid`,
    );
  }
  check((await page.getByTestId('car-max-dc-kw-error').count()) === 0, 'a good field shows an error');
  check((await page.getByTestId('car-saved').count()) === 0, 'bad values were saved');
  await page.getByTestId('car-battery-kwh').fill('0');
  await page.getByTestId('car-save').click();
  await page.getByTestId('car-battery-kwh-error').filter({ hasText: 'between 10 and 250' }).waitFor();
  await shot(page, `car-errors-${page.viewportSize().width}`);
  log('impossible values named next to their fields');

  // A catalogue car: the fields fill in; saved; every estimate is for it.
  await page.getByTestId('car-model').selectOption('tesla-model-y-lr');
  check((await page.getByTestId('car-battery-kwh').inputValue()) === '75', 'the model did not fill the battery');
  await page.getByTestId('car-current-pct').fill('');
  await page.getByTestId('car-target-pct').fill('');
  await page.getByTestId('car-save').click();
  await page.getByTestId('car-saved').waitFor();
  check((await page.getByTestId('car-battery-kwh-error').count()) === 0, 'the error stayed after a good save');
  await shot(page, `car-saved-${page.viewportSize().width}`);
  const listTesla = await listEstimate(page);
  check(/your car \(45 kWh/.test(listTesla), `the list's estimate is not for the car: "${listTesla}"`);
  check(/Tesla Model Y Long Range, 20 % → 80 %/.test(await text(page.getByTestId('car-line'))), 'the list does not name the car');
  const tesla = await chargerEstimate(page, chargerId);
  check(/to charge your car/.test(tesla) && tesla !== before, `the charger's estimate did not follow the car: "${tesla}"`);
  const assumed = await text(page.getByTestId('estimate-assumed').first());
  check(/Tesla Model Y Long Range from 20 % to 80 % \(assumed\): 45 kWh/.test(assumed), `assumed: "${assumed}"`);
  await shot(page, `charger-with-car-${page.viewportSize().width}`);
  log(`Tesla: list "${listTesla}", charger "${tesla}" (${assumed})`);

  // Another car, its own levels: the estimates change again.
  await page.goto(`${BASE}/car`);
  await page.getByTestId('car-model').selectOption('nissan-leaf-40');
  await page.getByTestId('car-current-pct').fill('10');
  await page.getByTestId('car-target-pct').fill('90');
  await page.getByTestId('car-save').click();
  await page.getByTestId('car-saved').waitFor();
  const listLeaf = await listEstimate(page);
  check(/your car \(31 kWh/.test(listLeaf) && listLeaf !== listTesla, `the list did not follow the Leaf: "${listLeaf}"`);
  const leaf = await chargerEstimate(page, chargerId);
  check(leaf !== tesla, `the charger's estimate is the same for two cars: "${leaf}"`);
  check(/Nissan Leaf 40 kWh from 10 % to 90 %: 31[.,]2 kWh/.test(await text(page.getByTestId('estimate-assumed').first())), 'Leaf assumptions');
  log(`Leaf: list "${listLeaf}", charger "${leaf}"`);

  // Forgotten: back to the default session.
  await page.goto(`${BASE}/car`);
  await page.getByTestId('car-forget').click();
  check(/30 kWh/.test(await listEstimate(page)), 'the default did not come back');
  log('forgotten: the default estimate again');
}

/** Oslo's hour now, as the site's clock reads it. */
function osloHour() {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
}

async function priceNow(page) {
  // Majorstuen: 2.90 kr/kWh 22:00–06:00, else 3.90.
  await page.goto(`${BASE}/chargers/OSLO-MAJORSTUEN-AC1`);
  await page.getByTestId('price-part').first().waitFor();
  const parts = await page.getByTestId('price-part').evaluateAll((ps) =>
    ps.map((p) => ({ text: p.textContent.trim(), now: p.dataset.now === 'true' })),
  );
  const hour = osloHour();
  const night = hour >= 22 || hour < 6;
  const energyNow = parts.filter((p) => p.now && /kWh/.test(p.text));
  check(energyNow.length === 1, `one energy price marked now: ${JSON.stringify(parts)}`);
  check(/22:00–06:00/.test(energyNow[0].text) === night, `at ${hour}:00 in Oslo the wrong price is marked: ${JSON.stringify(parts)}`);
  check(!parts.some((p) => /after \d+ min/.test(p.text)), `an ambiguous "after … min": ${JSON.stringify(parts)}`);
  await shot(page, `price-now-${page.viewportSize().width}`);
  // Aker Brygge: a per-minute price from the 61st minute, said so.
  await page.goto(`${BASE}/chargers/OSLO-AKER-BRYGGE-AC1`);
  const words = await text(page.getByTestId('price-text'));
  check(/0\.50 kr\/min from minute 61 of the session/.test(words), `Aker Brygge's price: "${words}"`);
  log(`price now at ${hour}:xx Oslo: "${energyNow[0].text}"`);
}

async function banner(page, chargerId) {
  await page.goto(`${BASE}/chargers/${chargerId}`);
  await page.getByTestId('start-button').first().click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
  const sessionId = page.url().split('/').pop();
  await page.getByTestId('live-session').waitFor();
  check((await page.getByTestId('charging-banner').count()) === 0, 'the banner shows on its own live page');
  for (const path of ['/', '/account', '/car', `/chargers/${chargerId}`]) {
    await page.goto(`${BASE}${path}`);
    const b = page.getByTestId('charging-banner');
    await b.waitFor();
    check((await b.getAttribute('data-session-id')) === sessionId, `${path}: the banner is for another session`);
  }
  await shot(page, `banner-${page.viewportSize().width}`);
  await page.getByTestId('charging-banner-open').click();
  await page.waitForURL(`${BASE}/sessions/${sessionId}`);
  await page.getByTestId('live-session').waitFor();
  log(`banner on every screen, one tap back to ${sessionId}`);
  const stop = page.getByTestId('stop-button');
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="stop-button"]');
    return b && !b.disabled;
  }, null, { timeout: 60_000 });
  await stop.click();
  // The live page hands over to the receipt once the charger has stopped.
  await page.waitForURL(/\/receipt$/, { timeout: 60_000 });
  // Times in the site's zone, labelled: the device is in UTC, the charger in Oslo.
  const started = page.getByTestId('receipt-started');
  await page.waitForFunction(() => /CES?T|GMT\+[12]/.test(document.querySelector('[data-testid="receipt-started"]')?.textContent ?? ''), null, { timeout: 15_000 });
  const osloClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const startedText = await text(started);
  const hours = [new Date(), new Date(Date.now() - 300_000)].map((d) => osloClock.format(d).slice(0, 2));
  check(hours.some((h) => startedText.includes(`${h}:`)), `"${startedText}" is not Oslo's time (${hours})`);
  log(`receipt started "${startedText}" (Oslo now ${osloClock.format(new Date())})`);
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="charging-banner"]'), null, { timeout: 30_000 });
  log('ended: no banner');
}

/** Starts on a free connector from the charger page, waits until it charges, stops it from
 * elsewhere (the API: another device), and returns what the page showed. */
async function stopFromElsewhere(page, chargerId) {
  await page.goto(`${BASE}/chargers/${chargerId}`);
  await page.getByTestId('start-button').first().click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
  const id = page.url().split('/').pop();
  await page.locator('[data-testid="live-session"][data-status="charging"]').waitFor({ timeout: 60_000 });
  const res = await fetch(`${BASE}/api/v1/sessions/${id}/stop`, { method: 'POST' });
  check(res.ok, `stop: ${res.status}`);
  await page.waitForURL(/\/receipt$/, { timeout: 60_000 });
}

async function notifications(chargerId) {
  // Permission granted: a system notification (the page's Notification calls recorded, the
  // real one still made).
  const granted = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', timezoneId: 'UTC' });
  await granted.grantPermissions(['notifications'], { origin: BASE });
  await granted.addInitScript(() => {
    const Real = window.Notification;
    window.__shown = [];
    class Recorded extends Real {
      constructor(title, options) {
        super(title, options);
        window.__shown.push({ title, body: options?.body });
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
    Recorded.requestPermission = (...args) => Real.requestPermission(...args);
    window.Notification = Recorded;
  });
  const page = await granted.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await stopFromElsewhere(page, chargerId);
  await page.waitForFunction(() => window.__shown.length > 0, null, { timeout: 15_000 });
  const shown = await page.evaluate(() => window.__shown);
  check(shown[0].title === 'Charging finished', `notification: ${JSON.stringify(shown)}`);
  check((await page.getByTestId('toast').count()) === 0, 'a toast as well as the notification');
  log(`notification: ${JSON.stringify(shown[0])}`);
  await granted.close();

  // Permission refused: the same news as an in-app toast.
  const refused = await openPage(390, 844);
  await stopFromElsewhere(refused, chargerId);
  const toast = refused.getByTestId('toast').filter({ hasText: 'Charging finished' });
  await toast.waitFor({ timeout: 15_000 });
  check(/Charging finished/.test(await text(toast)), `toast: "${await text(toast)}"`);
  await shot(refused, 'toast-390');
  log(`refused: toast "${await text(toast)}"`);
  await refused.context().close();
}

async function screenshots() {
  if (!SHOTS) return;
  for (const [w, h] of [[390, 844], [1280, 800]]) {
    for (const locale of ['en-GB', 'nb-NO']) {
      const page = await openPage(w, h, locale);
      await page.goto(`${BASE}/car`);
      await page.getByTestId('car-model').selectOption('kia-ev6-77');
      await page.getByTestId('car-save').click();
      await page.getByTestId('car-saved').waitFor();
      await shot(page, `car-${locale}-${w}`);
      await page.goto(`${BASE}/chargers/OSLO-MAJORSTUEN-AC1`);
      await page.getByTestId('estimate-assumed').first().waitFor();
      await shot(page, `charger-${locale}-${w}`);
      await page.context().close();
    }
  }
}

async function main() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const chargerId = await freeCharger();
  const page = await openPage(390, 844);
  await myCar(page, chargerId);
  await priceNow(page);
  await banner(page, chargerId);
  await notifications(chargerId);
  await screenshots();
  if (problems.length > 0) throw new Error('the browser reported errors');
  await browser.close();
  clearTimeout(guard);
  log('ok');
}

main().catch((e) => fail(e.stack ?? String(e)));
