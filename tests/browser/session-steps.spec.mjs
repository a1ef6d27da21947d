// Issue 17, every step of a session from the charger's own statuses, in a real browser
// (Debian's Chromium via playwright-core) against the demo server with its simulated fleet.
//
// The simulated charger's car is driven as an operator drives a charger: the demo admin's
// `DataTransfer` command (POST /api/v1/chargers/{id}/commands, vendor `Ladeklar`, message
// `SimCar`), which the simulator obeys by reporting what a real charger reports for that car
// (crates/ladeklar-sim/src/charge_point/calls/car.rs). The driver's live page must say at each
// step what is happening and what to do:
//   cable out → Preparing: "Plug in the cable"; plugged → transaction, SuspendedEV before any
//   energy: "Waiting for your car"; Charging; SuspendedEV after energy: "Your car has paused
//   charging", and once the meter stood still 2 min (the page's clock moved on): "Your car is
//   full"; SuspendedEVSE: "The charger has paused"; Finishing: "Stopping…"; stopped at the
//   charger with the cable in: "Unplug the cable" (the page stays); unplugged: the receipt.
// A remote start whose cable never comes: after 2 min on the page's clock, "The charger did
// not start". The live page's and the history's times are the site's (Oslo), labelled on a
// device in UTC. A faulted connector in drivers' words, its code only in small print. With an
// idle fee in the charger's price, a car that stops taking energy gets "Idle fee starts in N
// min" on the page and as the toast, before the fee runs.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/session-steps.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots); see harness.mjs.

import { check, demoUser, harness, text } from './harness.mjs';

const h = harness('session-steps');
// Chargers no other spec starts on (Stavanger, Nordlys's site; Oslo's zone).
const MAIN = 'STAVANGER-VAAGEN-AC1';
const TIMEOUT = 'STAVANGER-VAAGEN-AC2';
// Given an idle fee here by the operator, for the idle warning.
const IDLE = 'STAVANGER-VAAGEN-DC1';
// The demo fleet's faulted connector (crates/ladeklar-server/demo: simulated_faults).
const FAULTED = 'BERGEN-BRYGGEN-DC1';

let adminToken;

async function signInBearer(who) {
  const r = await h.api('POST', '/account/sign-in', { email: who.email, password: who.password, bearer: true });
  check(r.status === 200 && r.body.token, `sign-in of ${who.email}: ${r.status}`);
  return r.body.token;
}

/** The operator's command that drives the simulated car on connector 1 of `charger`. */
async function car(charger, action) {
  const r = await fetch(`${h.BASE}/api/v1/chargers/${charger}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({
      command: 'DataTransfer',
      vendor_id: 'Ladeklar',
      message_id: 'SimCar',
      data: JSON.stringify({ connectorId: 1, car: action }),
    }),
  });
  const body = await r.json();
  check(r.status === 200 && body.response?.status === 'Accepted', `car ${action} on ${charger}: ${r.status} ${JSON.stringify(body)}`);
}

/** Waits until the live page shows `step`, then checks its words. */
async function expectStep(page, step, title, todo) {
  await page.locator(`[data-testid="live-step"][data-step="${step}"]`).waitFor({ timeout: 30_000 });
  const said = await text(page.getByTestId('live-status'));
  check(said === title, `${step}: the status reads "${said}", not "${title}"`);
  const what = await text(page.getByTestId('live-step'));
  check(what.includes(todo), `${step}: what to do reads "${what}", without "${todo}"`);
  h.log(`${step}: "${said}" — ${what}`);
}

async function start(page, charger) {
  await page.goto(`${h.BASE}/chargers/${charger}`);
  await page.getByTestId('start-button').first().click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);
  await page.getByTestId('live-session').waitFor();
  return page.url().split('/').pop();
}

h.run(async () => {
  adminToken = await signInBearer(demoUser('admin'));
  // A device in UTC, so the site's times must be labelled; the page's clock can be moved on.
  const page = await h.openPage({ timezoneId: 'UTC' });
  await page.clock.install();
  await h.signIn(page, demoUser('driver'));

  h.log('a faulted connector in drivers\' words, the code in small print');
  await page.goto(`${h.BASE}/chargers/${FAULTED}`);
  const faulted = page.locator('[data-testid="connector"][data-connector-id="2"]');
  await faulted.getByTestId('fault-note').waitFor();
  const badge = await text(faulted.getByTestId('connector-status'));
  check(badge === 'This connector is out of order', `the badge: "${badge}"`);
  check(!badge.includes('GroundFailure'), 'never the raw code in the badge');
  const todo = await text(faulted.getByTestId('fault-note'));
  check(/Use another connector or charger/.test(todo), `what to do: "${todo}"`);
  check((await text(faulted.getByTestId('fault-code'))) === "Charger's code: GroundFailure", 'the code in small print');
  await h.shots(page, 'faulted');

  h.log('a start on a connector whose cable is not in: the charger waits for it');
  await car(MAIN, 'away');
  const sessionId = await start(page, MAIN);
  await expectStep(page, 'PlugIn', 'Plug in the cable', 'Connect the cable');
  await h.shots(page, 'plug-in', { both: false });

  await car(MAIN, 'plug');
  await expectStep(page, 'WaitingForCar', 'Waiting for your car', 'check that the car is unlocked');
  const started = await text(page.getByTestId('live-started'));
  check(/CES?T|GMT\+[12]/.test(started), `the start in the site's zone, labelled on a UTC device: "${started}"`);

  await car(MAIN, 'charge');
  await expectStep(page, 'Charging', 'Charging', 'Energy is flowing');
  await page.waitForFunction(() => !/^0[.,]000/.test(document.querySelector('[data-testid="live-energy"]')?.textContent ?? ''), null, { timeout: 30_000 });

  await car(MAIN, 'pause');
  await expectStep(page, 'CarPaused', 'Your car has paused charging', 'it may be full');
  // The meter stands still: 2 min later on the page's clock the car counts as full.
  await page.clock.fastForward('02:30');
  await expectStep(page, 'CarFull', 'Your car is full', 'Stop the session and unplug');
  await h.shots(page, 'car-full');

  await car(MAIN, 'charge');
  await expectStep(page, 'Charging', 'Charging', 'Energy is flowing');
  await car(MAIN, 'limit');
  await expectStep(page, 'ChargerPaused', 'The charger has paused', 'resumes by itself');
  await car(MAIN, 'finish');
  await expectStep(page, 'Stopping', 'Stopping…', 'ending the session');

  h.log('stopped at the charger with the cable in: the page says to unplug, and stays');
  await car(MAIN, 'stop');
  await expectStep(page, 'UnplugCable', 'Unplug the cable', 'Unplug the cable and close');
  check(page.url().endsWith(`/sessions/${sessionId}`), 'the live page stays while the cable is in');
  await page.getByTestId('receipt-link').waitFor();
  await h.shots(page, 'unplug');

  await car(MAIN, 'unplug');
  await page.waitForURL(/\/receipt$/, { timeout: 30_000 });
  await page.getByTestId('receipt').waitFor();
  h.log('unplugged: the receipt');

  h.log('the history\'s times are the site\'s, labelled');
  await page.goto(`${h.BASE}/account/sessions`);
  const row = page.locator(`a[href="/sessions/${sessionId}/receipt"]`).first();
  await row.waitFor();
  const when = await text(page.getByTestId('history-time').first());
  check(/CES?T|GMT\+[12]/.test(when), `the history's time in the site's zone: "${when}"`);

  h.log('a remote start that never became a transaction times out in words');
  // A page whose clock has not been moved on yet.
  const later = await h.openPage({ timezoneId: 'UTC' });
  await later.clock.install();
  await h.signIn(later, demoUser('driver'));
  await car(TIMEOUT, 'away');
  await start(later, TIMEOUT);
  await expectStep(later, 'PlugIn', 'Plug in the cable', 'Connect the cable');
  await later.clock.fastForward('02:10');
  await expectStep(later, 'StartTimedOut', 'The charger did not start', 'Nothing was charged');
  check((await later.getByTestId('failure').count()) === 0, 'no raw failure text beside the words');
  await h.shots(later, 'start-timed-out');
  // Leave the connector as it was: the car's cable out and the simulator's own car back.
  await car(TIMEOUT, 'unplug');

  h.log('an idle fee ahead: the driver is told before it starts');
  // The operator gives the charger a price with an idle fee from the moment the car is full.
  const priced = await fetch(`${h.BASE}/api/v1/chargers/${IDLE}/price`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ form: { vat_percent: '25', energy_price: '3.00', idle_price: '1.00' } }),
  });
  check(priced.status === 201, `the idle-fee price: ${priced.status} ${await priced.text()}`);
  const idle = await h.openPage({ timezoneId: 'UTC' });
  await h.signIn(idle, demoUser('driver'));
  await start(idle, IDLE);
  await expectStep(idle, 'Charging', 'Charging', 'Energy is flowing');
  await idle.waitForFunction(() => !/^0[.,]000/.test(document.querySelector('[data-testid="live-energy"]')?.textContent ?? ''), null, { timeout: 30_000 });
  check((await idle.getByTestId('idle-fee-warning').count()) === 0, 'no idle warning while energy flows');
  await car(IDLE, 'pause');
  await expectStep(idle, 'CarPaused', 'Your car has paused charging', 'it may be full');
  // The fee starts once the meter has stood still 2 min: within the 5 min the driver is told.
  const warning = await text(idle.getByTestId('idle-fee-warning'));
  check(/^Idle fee starts in [0-2] min/.test(warning) && warning.includes(IDLE), `the idle warning: "${warning}"`);
  // No notification permission in this browser: the same words as an in-app toast, once
  // (beside the toast that the car paused: both notices came at once, neither is lost).
  const toasts = idle.getByTestId('toast');
  await toasts.filter({ hasText: 'Idle fee starts in' }).waitFor();
  check((await toasts.filter({ hasText: 'Idle fee starts in' }).count()) === 1, 'the idle fee told once');
  const toast = await text(toasts.filter({ hasText: 'Idle fee starts in' }));
  await h.shots(idle, 'idle-fee-ahead');
  await idle.getByTestId('stop-button').click();
  await car(IDLE, 'unplug');
  await idle.waitForURL(/\/receipt$/, { timeout: 30_000 });
  h.log(`told: "${warning}"`);
});
