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
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots); see harness.mjs.

import { check, demoUser, harness, text } from './harness.mjs';

const h = harness('owner-prices');
const SITE = 'tromso-sentrum';
const CHARGER = 'TROMSO-SENTRUM-AC1';
// Tromsø as set up: 2.96 kr/kWh and 8 kr per session excl. VAT, 25 % VAT.
const OLD_WORDS = '3.70 kr/kWh · 10.00 kr per session';
const NEW_WORDS = '5.00 kr/kWh · 2.50 kr per session';
const OWNER = demoUser('owner');

/** An ad-hoc session (no account: its id is the key), charging with energy flowing. */
async function startSession(connector) {
  await h.waitFor(`${CHARGER} connector ${connector} available`, async () => {
    const c = await h.api('GET', `/chargers/${CHARGER}`);
    return c.body?.online && c.body.connectors.some((x) => x.connector_id === connector && x.status === 'available');
  });
  const started = await h.api('POST', '/sessions', { charger_id: CHARGER, connector_id: connector });
  check(started.status === 201, `start on connector ${connector}: ${started.status} ${JSON.stringify(started.body)}`);
  const id = started.body.id;
  await h.waitFor(`session ${id} charging`, async () => {
    const s = await h.api('GET', `/sessions/${id}`);
    return s.body?.status === 'charging' && Number(s.body.energy_kwh) > 0;
  });
  return id;
}

async function stopSession(id) {
  const stopped = await h.api('POST', `/sessions/${id}/stop`, {});
  check(stopped.status === 202, `stop ${id}: ${stopped.status}`);
  await h.waitFor(`session ${id} completed`, async () => (await h.api('GET', `/sessions/${id}`)).body?.status === 'completed');
}

h.run(async () => {
  h.log('a session runs under the old price');
  const running = await startSession(1);

  const page = await h.openPage();
  await h.signIn(page, OWNER);
  h.log('the owner opens Prices from the navigation');
  await page.getByTestId('nav-owner-prices').click();
  await page.getByTestId('owner-prices').waitFor();
  const card = page.locator(`[data-testid="price-site"][data-site="${SITE}"]`);
  check((await text(card.getByTestId('site-price-text'))) === OLD_WORDS, `the list shows ${await text(card.getByTestId('site-price-text'))}`);
  check((await page.getByTestId('price-site').count()) === 5, 'the owner sees their five sites, no one else\'s');
  await h.shots(page, 'list');

  await card.getByTestId('change-site-price').click();
  await page.getByTestId('price-form').waitFor();
  check((await text(page.getByTestId('current-price-text'))) === OLD_WORDS, 'the current price in words');
  check((await page.getByTestId('field-energy_price').inputValue()) === '2.96', 'the form starts from the current price');

  h.log('bad input: errors next to their fields as they are typed');
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
  await h.shots(page, 'form-errors');

  h.log('a sound price: its words and the preview');
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
  await h.shots(page, 'preview');

  h.log('saved, effective now');
  await page.getByTestId('effective-now').check();
  await page.getByTestId('save-price').click();
  await page.getByTestId('price-saved').waitFor();
  await page.locator('[data-testid="history-version"][data-version="1"][data-status="in_effect"]').waitFor();
  check((await text(page.getByTestId('current-price-text'))) === NEW_WORDS, 'the new price is current');
  check((await page.locator('[data-testid="history-version"][data-version="0"][data-status="replaced"]').count()) === 1, 'the old one kept');
  await page.getByTestId('price-history').scrollIntoViewIfNeeded();
  await h.shots(page, 'history');

  h.log('a session started after the change, and the one that was running');
  const after = await startSession(2);
  await stopSession(running);
  await stopSession(after);
  for (const [id, words] of [[running, OLD_WORDS], [after, NEW_WORDS]]) {
    await page.goto(`${h.BASE}/sessions/${id}/receipt`);
    await page.getByTestId('receipt').waitFor();
    const shown = await text(page.getByTestId('receipt-price-text'));
    check(shown.includes(words), `receipt of ${id} says "${shown}", expected "${words}"`);
  }
  await h.shots(page, 'receipt-new-price');
});
