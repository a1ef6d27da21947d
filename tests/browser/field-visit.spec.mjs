// The technician's field visit on a phone, offline (issue 18), against the demo server: a
// driver's case walked to 3rd line through the API, 3rd line books a visit for the
// technician (the first slot the SLA window takes); the technician signs in at phone size,
// sees the day empty and then with the order, opens it, cuts the network and checks in,
// records the work with a part and a photo (a refusal shown next to the summary first);
// verifying is refused offline, so the network comes back for the charger's verification
// (a test charge through the simulator) — the check-in and the photo leave the outbox then —
// and is cut again for the customer's signature (a mouse drag on the canvas) and the
// check-out: the report waits in the outbox, survives a reload offline (the service worker
// serves the app), and goes once the network is back. The API then shows one visit with one
// photo and the customer's sign-off, the case closed once; the service card shows the visit.
// Screenshots at 390 and 1280 px, English and Norwegian.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/field-visit.spec.mjs

import { bookVisit } from './field-api.mjs';
import { check, demoUser, harness } from './harness.mjs';

const h = harness('field-visit', {
  // Offline on purpose: the browser logs the requests the cut network stops.
  expectedErrors: [/ERR_INTERNET_DISCONNECTED/, /Failed to fetch/, /ERR_FAILED/, /FetchEvent/, /net::ERR_/],
});
const CHARGER = 'BERGEN-BRYGGEN-AC2';
const TECH = demoUser('technician');

async function jpeg(page) {
  const b64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const g = c.getContext('2d');
    g.fillStyle = '#2a7';
    g.fillRect(0, 0, 64, 48);
    g.fillStyle = '#fff';
    g.fillRect(10, 10, 20, 20);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const x of bytes) s += String.fromCharCode(x);
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

const outboxItem = (page, kind, state) => page.locator(`[data-testid="outbox-item"][data-kind="${kind}"][data-state="${state}"]`);

h.run(async () => {
  const page = await h.openPage();
  const context = page.context();
  await h.signIn(page, TECH, '/field');
  await page.goto(`${h.BASE}/field`);
  await page.getByTestId('field-day-page').waitFor();
  // The service worker controls the page from here on (it claims its clients on activation).
  await h.waitFor('the service worker', () => page.evaluate(() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)), 20_000);
  await page.reload();
  await page.getByTestId('no-orders').waitFor();
  h.log('the day is empty');
  await h.shots(page, 'day-empty');

  const { caseId, order, third } = await bookVisit(h.BASE, { charger: CHARGER, technician: TECH.email });
  h.log(`booked ${order.id} on case ${caseId} at ${order.starts_at}`);
  await page.reload();
  const card = page.locator(`[data-testid="order-card"][data-order="${order.id}"]`);
  await card.waitFor();
  const directions = await card.getByTestId('order-directions').getAttribute('href');
  check(directions.startsWith('https://www.google.com/maps/dir/?api=1&destination='), `directions: ${directions}`);
  check((await card.getByTestId('order-proposal').textContent()).includes('Replace the charging cable'), 'the proposal is on the card');
  check((await card.getByTestId('order-connector').count()) > 0, 'the charger is on the card');
  await h.shots(page, 'day');

  await card.getByTestId('order-open').click();
  await page.getByTestId('on-site').waitFor();
  await h.shots(page, 'on-site');

  // Without signal: check in, a refusal next to its cause, the work with a part and a photo.
  await context.setOffline(true);
  await page.getByTestId('check-in').click();
  await page.getByTestId('checked-in').waitFor();
  await outboxItem(page, 'check_in', 'waiting').waitFor();
  await page.getByTestId('saved-offline').waitFor();
  await page.getByTestId('record-work').click();
  await page.getByTestId('error-summary').filter({ hasText: 'Say what was done.' }).waitFor();
  await page.getByTestId('sign-off').click();
  await page.getByTestId('error-sign-off').filter({ hasText: 'verify operation first' }).waitFor();
  await page.getByTestId('record-work').click();
  await h.shots(page, 'on-site-errors');
  await page.getByTestId('work-summary').fill('Replaced the contactor; the connector locks again');
  await page.getByTestId('work-summary').blur();
  await page.getByTestId('part-pick').selectOption('Contactor');
  await page.getByTestId('part-add').click();
  await page.getByTestId('part-line').waitFor();
  await page.getByTestId('photo-before').setInputFiles({ name: 'before.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page) });
  await page.getByTestId('work-photo').locator('img').waitFor();
  await outboxItem(page, 'photo', 'waiting').waitFor();
  await page.getByTestId('record-work').click();
  await page.getByTestId('work-recorded').waitFor();
  await page.getByTestId('verify').click();
  await page.getByTestId('error-verify').filter({ hasText: 'needs a connection' }).waitFor();
  h.log('offline: checked in, work recorded, verifying refused');

  // The charger answers through the server: online for the verification.
  await context.setOffline(false);
  await outboxItem(page, 'check_in', 'sent').waitFor({ timeout: 30_000 });
  await outboxItem(page, 'photo', 'sent').waitFor({ timeout: 30_000 });
  await page.getByTestId('verify').click();
  const result = page.getByTestId('verify-result');
  await result.waitFor({ timeout: 60_000 });
  check((await result.getAttribute('data-passed')) === 'true', `verification: ${await result.textContent()}`);
  h.log(`verified: ${(await result.textContent()).trim()}`);

  // Offline again: the customer's sign-off and the check-out.
  await context.setOffline(true);
  await page.getByTestId('signer').fill('Kari Nordmann');
  await page.getByTestId('signer').blur();
  await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
  const pad = await page.getByTestId('signature-pad').boundingBox();
  await page.mouse.move(pad.x + 20, pad.y + 120);
  await page.mouse.down();
  for (const [dx, dy] of [[60, -70], [110, 10], [170, -60], [240, 20], [300, -40]]) {
    await page.mouse.move(pad.x + 20 + dx, pad.y + 120 + dy, { steps: 6 });
  }
  await page.mouse.up();
  await page.getByTestId('sign-off').click();
  await page.getByTestId('signed-off').waitFor();
  await page.getByTestId('check-out').click();
  await page.getByTestId('checked-out').waitFor();
  await outboxItem(page, 'report', 'waiting').waitFor();
  await page.getByTestId('saved-offline').waitFor();
  await h.shots(page, 'outbox-offline');

  // A reload without signal: the app comes from the service worker, the outbox from IndexedDB.
  await page.reload();
  await page.getByTestId('on-site').waitFor();
  await page.getByTestId('checked-out').waitFor();
  await outboxItem(page, 'report', 'waiting').waitFor();
  h.log('reloaded offline: the report still waits');

  await context.setOffline(false);
  await outboxItem(page, 'report', 'sent').waitFor({ timeout: 40_000 });
  h.log('online: the report was sent');

  // The API: one visit, one photo, the sign-off; the case closed once.
  const c = await third.get(`/cases/${caseId}`);
  check(c.body.state === 'closed', `case state: ${c.body.state}`);
  const closings = c.body.timeline.filter((e) => e.kind === 'transition' && e.data?.to === 'closed').length;
  check(closings === 1, `closed ${closings} times`);
  const sc = await third.get(`/sites/${order.site.id}/service-card`);
  const visits = sc.body.visits.filter((v) => v.work_order_id === order.id);
  check(visits.length === 1, `visits: ${visits.length}`);
  check(visits[0].photos.length === 1, `photos: ${JSON.stringify(visits[0].photos)}`);
  check(visits[0].signed_off_by === 'Kari Nordmann', `signed off by ${visits[0].signed_off_by}`);
  check(visits[0].state === 'checked_out' && visits[0].kept_reports === 0, JSON.stringify(visits[0]));
  // Sending again changes nothing: the outbox has nothing waiting, and a send finds none.
  check((await page.locator('[data-testid="outbox-item"][data-state="waiting"]').count()) === 0, 'nothing waits');

  await page.getByTestId('order-service-card').click();
  await page.locator(`[data-testid="card-visit"][data-state="checked_out"]`).first().waitFor();
  await h.shots(page, 'service-card', { both: false });
});
