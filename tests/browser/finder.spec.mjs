// Finding a charger in a real browser (Debian's Chromium via playwright-core): the list's
// filters and the place search, kept in the URL through a reload; the map (Leaflet, loaded
// only when it opens) shows the demo sites over country outlines with no tile server, a
// cluster opens on zoom, a marker opens its card, and a filter narrows list and map alike.
//
// Run against a running demo server:
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/finder.spec.mjs
// Optional: CHROMIUM=/path/to/chromium, LADEKLAR_SHOTS=/some/dir (screenshots at 390×844 and
// 1280×800).
//
// Fails (non-zero exit) on any page error, any console error, and on timeouts.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('finder: set LADEKLAR_URL to the running server, e.g. http://127.0.0.1:8080');
  process.exit(2);
}
const SHOTS = process.env.LADEKLAR_SHOTS;
const TOTAL_TIMEOUT_MS = 240_000;

const problems = [];
// Console errors a step provokes on purpose (a failed fetch); each is used up once matched.
const expectedConsoleErrors = [];
let browser;
const guard = setTimeout(() => fail(`took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);

function log(step) {
  console.log(`finder: ${step}`);
}

async function fail(why) {
  console.error(`finder: FAILED: ${why}`);
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

function checkProblems(where) {
  if (problems.length > 0) throw new Error(`browser reported errors ${where}`);
}

async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function openPage(width, height) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    geolocation: { latitude: 59.9127, longitude: 10.7461 },
    permissions: ['geolocation'],
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

/** The ids of the chargers the list shows. */
async function listIds(page) {
  return page.getByTestId('charger-card').evaluateAll((cards) => cards.map((c) => c.dataset.chargerId));
}

/** Every connector's plug in the list, e.g. ["Type 2", "CCS"]. */
async function listHasPlug(page, plug) {
  const cards = await page.getByTestId('charger-card').allTextContents();
  return cards.every((text) => text.includes(plug));
}

async function filtersAndSearch(page) {
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  const all = await listIds(page);
  log(`list near Oslo: ${all.length} chargers`);
  await shot(page, `list-${page.viewportSize().width}`);

  // CCS only: fewer chargers, each with a CCS plug, and the URL says so.
  await page.locator('[data-testid="filter-plug"][data-plug="ccs2"]').click();
  await page.waitForURL(/connector=ccs2/);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="charger-card"]').length < n, all.length);
  const ccs = await listIds(page);
  check(ccs.length > 0, 'no CCS charger near Oslo');
  check(await listHasPlug(page, "CCS"), 'a charger without CCS passed the filter');
  log(`CCS only: ${ccs.length} chargers`);

  // At least 150 kW too.
  await page.getByTestId('filter-power').selectOption('150');
  await page.waitForURL(/min_power_kw=150/);
  await shot(page, `list-filters-${page.viewportSize().width}`);

  // A reload keeps the filters.
  await page.reload();
  await page.getByTestId('filters').waitFor();
  check(
    (await page.locator('[data-testid="filter-plug"][data-plug="ccs2"]').getAttribute('aria-pressed')) === 'true',
    'the plug filter did not survive the reload',
  );
  check((await page.getByTestId('filter-power').inputValue()) === '150', 'the power filter did not survive the reload');
  log('filters survive a reload');

  // Filters that match nothing say so, and offer to clear them.
  await page.getByTestId('filter-power').selectOption('250');
  await page.getByTestId('no-chargers').waitFor();
  check(/No chargers match these filters/.test(await page.getByTestId('no-chargers').textContent()), 'empty state words');
  await shot(page, `list-empty-${page.viewportSize().width}`);
  await page.getByTestId('clear-filters').click();
  await page.waitForFunction(() => !location.search.includes('connector='));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="charger-card"]').length === n, all.length);
  log('clearing the filters brings every charger back');

  // The place search: type, pick, and the list moves there.
  await page.getByTestId('place-search').fill('tromsø');
  await page.getByTestId('place-option').first().waitFor();
  await page.getByText('Places: GeoNames (CC BY 4.0)').waitFor();
  await page.getByTestId('place-option').first().click();
  await page.getByRole('heading', { name: 'Chargers near Tromsø' }).waitFor();
  await page.waitForURL(/place=Troms/);
  await page.reload();
  await page.getByRole('heading', { name: 'Chargers near Tromsø' }).waitFor();
  log('a place found by name moves the list, and survives a reload');

  // A maximum price for the estimated session: every card's estimate is at most that.
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  const estimates = async () =>
    (await page.getByTestId('card-estimate').allTextContents()).map((t) => Number(t.replace(/[^0-9]/g, '').replace(/30$/, '')));
  const before = await estimates();
  check(before.length > 0, 'the cards show no estimate');
  const limit = [75, 100, 150, 200, 300, 500].find((p) => before.some((e) => e <= p) && before.some((e) => e > p));
  check(limit, `no price limit splits the estimates ${before}`);
  await page.getByTestId('filter-price').selectOption(String(limit));
  await page.waitForURL(new RegExp(`max_price=${limit}`));
  // Near a point the list is the 20 nearest that pass: wait until every card does.
  await page.waitForFunction(
    (limit) => {
      const shown = [...document.querySelectorAll('[data-testid="card-estimate"]')].map((e) =>
        Number(e.textContent.replace(/[^0-9]/g, '').replace(/30$/, '')),
      );
      return shown.length > 0 && shown.every((e) => e <= limit);
    },
    limit,
  );
  const after = await estimates();
  check(after.length > 0 && after.every((e) => e <= limit), `estimates over ${limit}: ${after}`);
  await page.reload();
  await page.getByTestId('charger-card').first().waitFor();
  check((await page.getByTestId('filter-price').inputValue()) === String(limit), 'the price filter did not survive the reload');
  log(`at most ${limit} kr for 30 kWh: ${after.length} of ${before.length} chargers (estimates ${after.join(', ')})`);
  await page.getByTestId('clear-filters').click();
  await page.waitForFunction(() => !location.search.includes('max_price='));

  await favourites(page);
  await offline(page);
  checkProblems('in the filters and search');
}

/** The page's own fetch (its cookies, its CSRF header). */
async function pageFetch(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('ladeklar_csrf='))?.split('=')[1];
      const headers = { 'Content-Type': 'application/json' };
      if (csrf) headers['X-CSRF-Token'] = csrf;
      const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : null };
    },
    [method, path, body],
  );
}

async function favourites(page) {
  // Signed out: a star keeps the charger on the device.
  await page.goto(`${BASE}/`);
  const card = page.getByTestId('charger-card').nth(1);
  await card.waitFor();
  const id = await card.getAttribute('data-charger-id');
  await card.getByTestId('favourite').click();
  await page.waitForFunction(
    (id) => JSON.parse(localStorage.getItem('ladeklar.favourites') || '[]').includes(id),
    id,
  );
  check((await card.getByTestId('favourite').getAttribute('aria-pressed')) === 'true', 'the star is not on');
  await shot(page, `list-favourite-${page.viewportSize().width}`);
  // Favourites only: just that charger, in the URL, through a reload.
  await page.getByTestId('filter-favourites').check();
  await page.waitForURL(/favourites=only/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="charger-card"]').length === 1);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="charger-card"]').length === 1);
  check(JSON.stringify(await listIds(page)) === JSON.stringify([id]), 'favourites only shows another charger');
  log(`a signed-out star keeps ${id} on the device; favourites only lists just it`);

  // Signing in moves the device's favourites to the account.
  const signIn = await pageFetch(page, 'POST', '/api/v1/account/sign-in', {
    email: 'driver@demo.ladeklar.no',
    password: 'demo-pass-driver',
  });
  check(signIn.status === 200, `sign-in: ${signIn.status}`);
  await page.reload();
  await page.waitForFunction(() => localStorage.getItem('ladeklar.favourites') === null);
  const onAccount = await pageFetch(page, 'GET', '/api/v1/account/favourites');
  check(onAccount.json.charger_ids.includes(id), `the account lacks ${id}: ${JSON.stringify(onAccount.json)}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="charger-card"]').length === 1);
  log('signing in moved the favourite to the account');

  // Unstarred on the account: favourites only has nothing left, and says how to add one.
  await page.getByTestId('charger-card').first().getByTestId('favourite').click();
  await page.getByTestId('no-favourites').waitFor();
  const left = await pageFetch(page, 'GET', '/api/v1/account/favourites');
  check(!left.json.charger_ids.includes(id), 'the unstar did not reach the account');
  await shot(page, `list-no-favourites-${page.viewportSize().width}`);
  await pageFetch(page, 'POST', '/api/v1/account/sign-out');
  log('an unstar reaches the account; no favourites says so');
}

async function offline(page) {
  // The server out of reach after a list was seen: that list, saved on the device, "as of".
  await page.goto(`${BASE}/?place=Bergen&lat=60.39130&lon=5.32210`);
  await page.getByTestId('charger-card').first().waitFor();
  const seen = await listIds(page);
  const cut = (route) => route.abort('connectionrefused');
  await page.route('**/api/v1/chargers?*', cut);
  expectedConsoleErrors.push(/ERR_CONNECTION_REFUSED|Failed to fetch|Failed to load resource/);
  await page.reload();
  await page.getByTestId('saved-chargers').waitFor();
  const asOf = await page.getByTestId('as-of').textContent();
  check(/^As of \d\d:\d\d \S+/.test(asOf ?? ''), `the saved list's time: ${asOf}`);
  check(JSON.stringify(await listIds(page)) === JSON.stringify(seen), 'the saved list is not the one seen');
  await shot(page, `list-offline-${page.viewportSize().width}`);
  log(`unreachable: the saved list of ${seen.length} chargers, "${asOf}"`);

  // Nothing saved: an error in words (no raw "error sending request") with Try again.
  await page.evaluate(() => localStorage.removeItem('ladeklar.last-chargers'));
  expectedConsoleErrors.push(/ERR_CONNECTION_REFUSED|Failed to fetch|Failed to load resource/);
  await page.reload();
  await page.getByTestId('error').waitFor();
  const words = await page.getByTestId('error').textContent();
  check(!/error sending request/i.test(words ?? ''), `raw error shown: ${words}`);
  await shot(page, `list-error-${page.viewportSize().width}`);
  await page.unroute('**/api/v1/chargers?*', cut);
  await page.getByTestId('retry').click();
  await page.getByTestId('charger-card').first().waitFor();
  expectedConsoleErrors.length = 0;
  log('with nothing saved, an error in words with Try again, which brings the list back');
  checkProblems('in the filters and search');
}

/** The chargers the API gives for a box and filters. */
async function apiIds(query) {
  const res = await fetch(`${BASE}/api/v1/chargers?${query}`);
  const json = await res.json();
  return json.chargers.map((c) => c.id).sort();
}

const mapIds = (page) => page.evaluate(() => window.ladeklarMap.ids().sort());

async function theMap(page, width) {
  const foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  const mapFiles = [];
  page.on('request', (r) => {
    if (r.url().includes('/map/')) mapFiles.push(r.url());
  });
  // Nothing of the map loads with the list.
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  check(mapFiles.length === 0, `the list loaded map files: ${mapFiles.join(', ')}`);

  // The map over all of Scandinavia: every demo site, in clusters.
  const box = '4.00000,55.00000,20.00000,64.00000';
  await page.goto(`${BASE}/?view=map&bbox=${box}`);
  await page.getByTestId('map-cluster').first().waitFor();
  check(mapFiles.length > 0, 'the map loaded no files of its own');
  // The outlines are drawn (SVG paths of the GeoJSON layer), with no tile server.
  check((await page.locator('.leaflet-overlay-pane path').count()) > 0, 'no country outlines drawn');
  check((await page.locator('.leaflet-tile').count()) === 0, 'tiles were asked for');
  await page.waitForURL(/bbox=/);
  const shownBox = new URL(page.url()).searchParams.get('bbox');
  await page.waitForFunction(() => window.ladeklarMap.ids().length > 0);
  const want = await apiIds(`bbox=${shownBox}&limit=500`);
  await page.waitForFunction((n) => window.ladeklarMap.ids().length === n, want.length);
  check(JSON.stringify(await mapIds(page)) === JSON.stringify(want), 'the map does not show the demo sites of its box');
  const clusters = page.getByTestId('map-cluster');
  const totals = await clusters.evaluateAll((cs) => cs.map((c) => Number(c.dataset.total)));
  const frees = await clusters.evaluateAll((cs) => cs.map((c) => Number(c.dataset.free)));
  log(`map: ${want.length} chargers, clusters of ${totals.join(', ')} (available ${frees.join(', ')})`);
  check(totals.some((t) => t > 1), 'nothing is clustered over Scandinavia');
  await shot(page, `map-${width}`);

  // A cluster opens on zoom: click the biggest, the map zooms in and single pins show.
  const zoomBefore = await page.evaluate(() => document.querySelector('.leaflet-proxy') && window.ladeklarMap.zoom());
  await clusters.nth(totals.indexOf(Math.max(...totals))).click();
  await page.waitForFunction((z) => window.ladeklarMap.zoom() > z, zoomBefore);
  for (let i = 0; i < 5 && (await page.getByTestId('map-pin').count()) === 0; i++) {
    await page.waitForTimeout(1_000);
    if ((await page.getByTestId('map-pin').count()) > 0) break;
    await page.getByTestId('map-cluster').first().click();
  }
  await page.getByTestId('map-pin').first().waitFor();
  log(`a cluster opened on zoom: zoom ${zoomBefore} → ${await page.evaluate(() => window.ladeklarMap.zoom())}, ${await page.getByTestId('map-pin').count()} pins`);

  // A marker opens its card: name, state, plugs, price and a link to the charger.
  await page.getByTestId('map-pin').first().click();
  const card = page.getByTestId('map-card');
  await card.waitFor();
  const cardText = (await card.textContent()) ?? '';
  check(/kW/.test(cardText) && /kr|SEK|NOK/.test(cardText), `the card lacks plugs or price: ${cardText}`);
  check(/About \d+ kr for 30 kWh/.test(cardText), `the card lacks the driver's estimate: ${cardText}`);
  const href = await page.getByTestId('map-card-link').getAttribute('href');
  check(/^\/chargers\//.test(href ?? ''), `the card's link: ${href}`);
  log(`a marker's card: ${cardText.slice(0, 80)}`);
  await page.waitForTimeout(600); // the popup fades in and the map pans to it
  await card.scrollIntoViewIfNeeded();
  await shot(page, `map-card-${width}`);

  // The card's star keeps the charger as a favourite (on the device: signed out here).
  await page.getByTestId('map-favourite').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="map-favourite"]')?.getAttribute('aria-pressed') === 'true',
  );
  const starred = await page.evaluate(() => JSON.parse(localStorage.getItem('ladeklar.favourites') || '[]'));
  check(starred.length === 1, `the map's star kept ${JSON.stringify(starred)}`);
  log(`the map card's star keeps ${starred[0]}`);

  // The list follows the map's box.
  const movedBox = await page.waitForFunction(() => new URL(location.href).searchParams.get('bbox'));
  void movedBox;
  await page.waitForTimeout(800);
  const zoomedBox = new URL(page.url()).searchParams.get('bbox');

  // A filter narrows the map and the list alike, and survives a reload.
  await page.locator('[data-testid="filter-plug"][data-plug="ccs2"]').click();
  await page.waitForURL(/connector=ccs2/);
  const ccs = await apiIds(`bbox=${zoomedBox}&limit=500&connector=ccs2`);
  await page.waitForFunction((n) => window.ladeklarMap.ids().length === n, ccs.length);
  check(JSON.stringify(await mapIds(page)) === JSON.stringify(ccs), 'the map does not show the filtered set');
  await page.reload();
  await page.waitForFunction(() => window.ladeklarMap && window.ladeklarMap.ids().length > 0);
  check(
    (await page.locator('[data-testid="filter-plug"][data-plug="ccs2"]').getAttribute('aria-pressed')) === 'true',
    'the filter did not survive the reload of the map',
  );
  await page.waitForTimeout(800);
  const reloadedBox = new URL(page.url()).searchParams.get('bbox');
  const ccsAfter = await apiIds(`bbox=${reloadedBox}&limit=500&connector=ccs2`);
  await page.waitForFunction((n) => window.ladeklarMap.ids().length === n, ccsAfter.length);
  await page.getByTestId('show-list').click();
  await page.getByTestId('charger-card').first().waitFor();
  await page.waitForTimeout(500);
  const listBox = new URL(page.url()).searchParams.get('bbox');
  const listWant = await apiIds(`bbox=${listBox}&limit=500&connector=ccs2`);
  const list = (await listIds(page)).sort();
  check(JSON.stringify(list) === JSON.stringify(listWant.slice(0, 50).sort()), `the list (${list}) is not the map's set (${listWant})`);
  check(await listHasPlug(page, 'CCS'), 'the list shows a charger without CCS');
  log(`a filter narrows map and list alike: ${ccsAfter.length} on the map, ${list.length} in the list`);
  check(foreign.length === 0, `requests left the server: ${foreign.slice(0, 3).join(', ')}`);
  checkProblems('on the map');
}

/** A deployment with a tile server: the map draws its tiles with their credit, no outlines. */
async function tiles(page) {
  // A 1×1 PNG for every tile; the server's map-config as a deployment with tiles on the server itself
  // (a path: the app asks the server's address for it, as the desktop shell must).
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64',
  );
  await page.route('**/tiles/**', (r) => r.fulfill({ contentType: 'image/png', body: png }));
  await page.route('**/api/v1/map-config', (r) =>
    r.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ tiles: { url: '/tiles/{z}/{x}/{y}.png', attribution: '© Test <b>tiles</b>' } }),
    }),
  );
  await page.goto(`${BASE}/?view=map&place=Oslo&lat=59.91390&lon=10.75220`);
  await page.locator('img.leaflet-tile').first().waitFor();
  const credit = (await page.locator('.leaflet-control-attribution').textContent()) ?? '';
  check(credit.includes('© Test <b>tiles</b>'), `the tiles' credit (as text): ${credit}`);
  check((await page.locator('.leaflet-overlay-pane path').count()) === 0, 'outlines drawn over the tiles');
  const src = await page.locator('img.leaflet-tile').first().getAttribute('src');
  check(src.startsWith(`${BASE}/tiles/`), `a tile from elsewhere: ${src}`);
  log(`configured tiles: ${await page.locator('img.leaflet-tile').count()} tiles, credit "${credit}"`);
  await page.unrouteAll();
}

/** Norwegian at this size: the list, the map, loading, empty, offline and error (screenshots only). */
async function norwegianShots(width, height) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'nb-NO' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const slow = async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  };
  await page.route('**/api/v1/chargers?*', slow);
  await page.goto(`${BASE}/`);
  await page.locator('.loading').waitFor();
  await shot(page, `nb-loading-${width}`);
  await page.getByTestId('charger-card').first().waitFor();
  await page.unroute('**/api/v1/chargers?*', slow);
  check(/Ladere i nærheten av Oslo/.test(await page.locator('h1').textContent()), 'not Norwegian');
  await shot(page, `nb-list-${width}`);
  await page.goto(`${BASE}/?view=map&place=Oslo&lat=59.91390&lon=10.75220`);
  await page.locator('[data-testid="map-pin"], [data-testid="map-cluster"]').first().waitFor();
  await shot(page, `nb-map-${width}`);
  await page.goto(`${BASE}/?min_power_kw=250&max_price=75`);
  await page.getByTestId('no-chargers').waitFor();
  await shot(page, `nb-empty-${width}`);
  await page.goto(`${BASE}/`);
  await page.getByTestId('charger-card').first().waitFor();
  const cut = (route) => route.abort('connectionrefused');
  await page.route('**/api/v1/chargers?*', cut);
  await page.reload();
  await page.getByTestId('saved-chargers').waitFor();
  check(/^Per \d\d:\d\d/.test(await page.getByTestId('as-of').textContent()), 'Norwegian "as of"');
  await shot(page, `nb-offline-${width}`);
  await page.evaluate(() => localStorage.removeItem('ladeklar.last-chargers'));
  await page.reload();
  await page.getByTestId('error').waitFor();
  await shot(page, `nb-error-${width}`);
  await context.close();
  log(`Norwegian at ${width}×${height}: list, map, loading, empty, offline, error`);
}

async function main() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ]) {
    const page = await openPage(w, h);
    log(`window ${w}×${h}`);
    await filtersAndSearch(page);
    await theMap(page, w);
    await tiles(page);
    await page.context().close();
    if (SHOTS) await norwegianShots(w, h);
  }
  checkProblems('at the end');
  await browser.close();
  clearTimeout(guard);
  log('PASSED');
}

main().catch((e) => fail(e?.stack ?? String(e)));
