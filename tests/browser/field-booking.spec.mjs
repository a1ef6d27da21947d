// 3rd line books a field visit, the service card and the SLA report, in a real browser
// (Debian's Chromium via playwright-core) against the demo server (issue 18). A driver's
// case is walked to 2nd line through the API; 2nd line escalates it to 3rd line on the case
// screen; 3rd line's booking form shows the SLA window core computes, refuses a slot in the
// past and a part that is not on the parts list next to their fields (core's rules, run in
// the page), then books a slot core accepts. The site's service card shows the visit and its
// PDF downloads; the SLA report shows its figures, both charts and CSV/PDF downloads, and a
// month without cases says so. Screenshots at 390×844 and 1280×800 in English and Norwegian
// of the booking form with its errors, the service card and the SLA report (with data and
// empty).
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/field-booking.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots); see harness.mjs.

import { check, demoUser, harness, text } from './harness.mjs';

const h = harness('field-booking');
const DRIVER = demoUser('driver');
const FIRST = demoUser('support-first');
const SECOND = demoUser('support-second');
const THIRD = demoUser('support-third');
const CHARGER = 'OSLO-AKER-BRYGGE-AC1';
const SITE = 'oslo-aker-brygge';
const OWNER_ID = 'owner-fjordlade';

/** A JSON request from the page, signed in as it is (the session cookie and the CSRF token). */
async function call(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const csrf = document.cookie
        .split(';')
        .map((c) => c.trim().split('='))
        .find(([k]) => k === 'ladeklar_csrf')?.[1];
      const r = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'x-csrf-token': csrf ?? '' },
        body: body ? JSON.stringify(body) : undefined,
      });
      const raw = await r.text();
      return { status: r.status, body: raw ? JSON.parse(raw) : null };
    },
    [method, path, body],
  );
}

/** A download from the page: its status, type, size and first bytes. */
async function download(page, href) {
  return page.evaluate(async (href) => {
    const r = await fetch(href);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return {
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      size: bytes.length,
      head: String.fromCharCode(...bytes.slice(0, 5)),
      text: new TextDecoder().decode(bytes.slice(0, 4000)),
    };
  }, href);
}

/** `at` as the site's (Oslo's) local date and time: ['2026-12-07', '10:00']. */
function osloParts(at) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`];
}

async function caseAtSecondLine(page) {
  await h.signIn(page, DRIVER);
  const made = await call(page, 'POST', '/cases', {
    // Damage has no remote remedy (the simulated charger would verify one at once).
    category: 'physical_damage',
    description: 'The holster is cracked: a technician must look at it',
    charger_id: CHARGER,
    connector_id: 2,
  });
  check(made.status === 201, `the driver's report: ${made.status} ${JSON.stringify(made.body)}`);
  const id = made.body.id;
  await h.signOut(page);
  await h.signIn(page, FIRST);
  const handed = await call(page, 'POST', `/support/cases/${id}/events`, {
    event: 'escalate_to_second_line',
    reason: 'The display needs a technician',
  });
  check(handed.status === 200, `1st line hands over: ${handed.status} ${JSON.stringify(handed.body)}`);
  await h.signOut(page);
  await h.signIn(page, SECOND);
  const proposed = await call(page, 'POST', `/support/cases/${id}/events`, {
    event: 'propose_field_action',
    proposal: {
      summary: 'Replace the holster',
      parts: [{ part: 'Contactor', quantity: 1 }],
      skills: ['authorised electrician'],
      estimated_on_site_minutes: 60,
    },
  });
  check(proposed.status === 200, `2nd line proposes a visit: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  return id;
}

h.run(async () => {
  const page = await h.openPage();
  const id = await caseAtSecondLine(page);

  h.log('2nd line escalates to 3rd line on the case screen');
  await page.goto(`${h.BASE}/support/cases/${id}`);
  await page.locator('[data-testid=support-case][data-state=field_action_proposed]').waitFor();
  await page.getByTestId('escalate-third').click();
  await page.locator('[data-testid=support-case][data-line=third]').waitFor();
  check((await page.getByTestId('visit-booking').count()) === 0, 'no booking form for 2nd line');
  await h.signOut(page);

  h.log('3rd line: the booking form with the SLA window core computes');
  await h.signIn(page, THIRD);
  await page.goto(`${h.BASE}/support/cases/${id}`);
  await page.locator('[data-testid=support-case][data-state=third_line]').waitFor();
  await page.getByTestId('visit-booking').waitFor();
  await page.getByTestId('visit-window').waitFor();
  const calendar = await text(page.getByTestId('window-calendar'));
  check(/Business hours|Around the clock/.test(calendar), `the window's calendar in words: ${calendar}`);
  check((await text(page.getByTestId('window-deadline'))).includes('Europe/Oslo'), 'the deadline in the site zone');
  const technicians = await page.getByTestId('booking-technician').locator('option').allTextContents();
  check(technicians.includes('technician@demo.ladeklar.no'), `the technicians listed: ${technicians}`);
  check(!technicians.includes('driver@demo.ladeklar.no'), 'a driver is not a technician');

  h.log('a slot in the past and a part not on the list: refused next to their fields');
  await page.getByTestId('booking-technician').selectOption('technician@demo.ladeklar.no');
  const [yesterday] = osloParts(new Date(Date.now() - 24 * 3600 * 1000));
  await page.getByTestId('booking-date').fill(yesterday);
  await page.getByTestId('booking-start').fill('10:00');
  await page.getByTestId('booking-minutes').fill('60');
  await page.getByTestId('error-slot').waitFor();
  const past = await text(page.getByTestId('error-slot'));
  check(past.includes('passed'), `the slot in the past in words: ${past}`);
  await page.getByTestId('add-part').click();
  await page.getByTestId('part-name').fill('flux capacitor');
  await page.getByTestId('error-part').waitFor();
  check((await text(page.getByTestId('error-part'))).includes('not on the parts list'), 'the unknown part in words');
  await page.getByTestId('part-name').fill('Contactor');
  await page.getByTestId('part-quantity').fill('-1');
  await page.getByTestId('error-part').waitFor();
  check((await text(page.getByTestId('error-part'))).includes('above zero'), 'the negative quantity in words');
  await page.getByTestId('book-visit').click();
  await page.getByTestId('error-agreement').waitFor();
  await h.targets(page, '.booking-form button, .booking-form input:not([type=checkbox]), .booking-form select, .booking-form .check');
  await h.shots(page, 'booking-errors');

  h.log('a slot core accepts: the soonest the window allows');
  await page.getByTestId('part-quantity').fill('1');
  await page.getByTestId('error-part').waitFor({ state: 'hidden' });
  let found = false;
  const now = Date.now();
  const candidates = [];
  for (let hours = 2; hours < 24 * 12 && candidates.length < 400; hours += 1) {
    candidates.push(osloParts(new Date(Math.ceil((now + hours * 3600 * 1000) / 3600_000) * 3600_000)));
  }
  for (const [date, start] of candidates) {
    await page.getByTestId('booking-date').fill(date);
    await page.getByTestId('booking-start').fill(start);
    await page.getByTestId('booking-minutes').fill('30');
    if (await page.getByTestId('slot-ok').isVisible()) {
      found = true;
      h.log(`core accepts ${date} ${start}`);
      break;
    }
  }
  check(found, 'a slot inside the SLA window within twelve days');
  await page.getByTestId('booking-agreed').check();
  await page.getByTestId('booking-note').fill('Kari meets the technician at the garage entrance');
  await page.getByTestId('book-visit').click();
  await page.locator('[data-testid=support-case][data-state=visit_scheduled]').waitFor();
  await page.getByTestId('booked-now').waitFor();
  check((await text(page.getByTestId('booked-now'))).includes('technician@demo.ladeklar.no'), 'the booking shown');

  h.log('the service card: the visit, and its PDF');
  await page.getByTestId('service-card-link').click();
  await page.getByTestId('service-card').waitFor();
  await page.getByTestId('card-visit').first().waitFor();
  check((await page.getByTestId('card-case').count()) > 0, 'the site\'s cases are listed');
  const cardPdf = await page.getByTestId('service-card-pdf').getAttribute('href');
  const pdf = await download(page, cardPdf);
  check(pdf.status === 200 && pdf.type === 'application/pdf', `the card's PDF: ${pdf.status} ${pdf.type}`);
  check(pdf.size > 500 && pdf.head === '%PDF-', `a PDF: ${pdf.size} bytes, ${pdf.head}`);
  await h.shots(page, 'service-card');

  h.log('the SLA report of the site: figures, charts, CSV and PDF');
  await page.goto(`${h.BASE}/sla-report`);
  await page.getByTestId('sla-report').waitFor();
  // Support picks the owner and then the site by name, from the lists the server offers.
  const ownerPick = page.getByTestId('report-owner');
  await ownerPick.locator(`option[value="${OWNER_ID}"]`).waitFor({ state: 'attached' });
  await ownerPick.selectOption(OWNER_ID);
  const sitePick = page.getByTestId('report-site');
  const siteOption = sitePick.locator(`option[value="${SITE}"]`);
  await siteOption.waitFor({ state: 'attached' });
  const siteName = ((await siteOption.textContent()) ?? '').trim();
  check(/Aker Brygge.*\(Oslo\)/.test(siteName), `the site by name: "${siteName}"`);
  await sitePick.selectOption(SITE);
  await page.getByTestId('report-show').click();
  await page.waitForURL(new RegExp(`owner=${OWNER_ID}&site=${SITE}`));
  await page.getByTestId('times-chart').waitFor();
  await page.getByTestId('uptime-chart').waitFor();
  check((await page.getByTestId('report-figure').count()) >= 8, 'the month\'s figures');
  check((await page.getByTestId('uptime-row').count()) > 0, 'each charger\'s uptime');
  const csv = await download(page, await page.getByTestId('report-csv').getAttribute('href'));
  check(csv.status === 200 && csv.type.startsWith('text/csv') && csv.size > 0, `the CSV: ${csv.status} ${csv.type}`);
  check(csv.text.includes('figures,cases,'), `the CSV's figures: ${csv.text.slice(0, 200)}`);
  const reportPdf = await download(page, await page.getByTestId('report-pdf').getAttribute('href'));
  check(reportPdf.status === 200 && reportPdf.type === 'application/pdf', `the report's PDF: ${reportPdf.type}`);
  check(reportPdf.head === '%PDF-', 'a PDF');
  await h.shots(page, 'sla-report');

  h.log('a month without cases says so');
  await page.goto(`${h.BASE}/sla-report?owner=${OWNER_ID}&site=${SITE}&month=2020-01`);
  await page.getByTestId('report-empty').waitFor();
  await page.getByTestId('no-breaches').waitFor();
  await h.shots(page, 'sla-report-empty');
});
