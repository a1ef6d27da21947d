// Desktop end-to-end test: the Tauri binary (UI embedded) under Xvfb, driven through
// tauri-driver + WebKitWebDriver with plain W3C WebDriver HTTP calls. The window must open
// and show the chargers the server reports, with live connector statuses; then a demo driver
// signs in inside the window, the token lands in the OS secure store (checked with
// `secret-tool`), a charge runs live with it — the simulated car pauses and the app sends a
// system notification through the Tauri notification plugin (seen on the session bus) — and
// ends in a receipt, the sign-in survives a reload, and the token leaves the store on sign-out.
//
// Run inside a D-Bus session with a Secret Service (tests/desktop/with-keyring.sh).
// Env: LADEKLAR_DESKTOP_BIN (absolute path to the binary), WEBDRIVER_URL (tauri-driver),
//      LADEKLAR_URL (the running demo server; the app gets it as LADEKLAR_SERVER_URL).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';

import { waitFor, webdriver } from './webdriver.mjs';

const driver = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const binary = process.env.LADEKLAR_DESKTOP_BIN;
const server = process.env.LADEKLAR_URL;
assert.ok(binary, 'LADEKLAR_DESKTOP_BIN must be set');
assert.ok(server, 'LADEKLAR_URL must be set');
const { wd, find, text, attribute, click, type } = webdriver(driver);

/** What the Secret Service holds for the app and this server (secret-tool's search output). */
function storedEntries() {
  // secret-tool prints the secret on stdout and the attributes on stderr.
  const run = spawnSync('secret-tool', ['search', '--all', 'service', 'no.ladeklar.app', 'username', server], {
    encoding: 'utf8',
  });
  return `${run.stdout ?? ''}${run.stderr ?? ''}`;
}

const DRIVER = { email: 'driver@demo.ladeklar.no', password: 'demo-pass-driver' };

/** The session bus's notification calls, as `dbus-monitor` prints them. */
function watchNotifications() {
  const monitor = spawn('dbus-monitor', ['--session', "interface='org.freedesktop.Notifications',member='Notify'"], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let seen = '';
  monitor.stdout.on('data', (d) => (seen += d));
  return { seen: () => seen, stop: () => monitor.kill() };
}
const notifications = watchNotifications();

/** The demo operator's bearer token, asked for once. */
let operatorToken;

/** The operator's command that drives the simulated car on connector 1 of `charger`. */
async function simulatedCar(charger, action) {
  if (!operatorToken) {
    const signIn = await fetch(`${server}/api/v1/account/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.ladeklar.no', password: 'demo-pass-admin', bearer: true }),
    });
    operatorToken = (await signIn.json()).token;
  }
  const token = operatorToken;
  const r = await fetch(`${server}/api/v1/chargers/${charger}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ command: 'DataTransfer', vendor_id: 'Ladeklar', message_id: 'SimCar', data: JSON.stringify({ connectorId: 1, car: action }) }),
  });
  const body = await r.json();
  assert.ok(r.status === 200 && body.response?.status === 'Accepted', `car ${action} on ${charger}: ${r.status} ${JSON.stringify(body)}`);
}

async function signInAndKeepTheToken(sid) {
  assert.equal(storedEntries().trim(), '', 'no token is stored before signing in');
  await click(sid, '[data-testid="header-sign-in"]');
  await type(sid, '#sign-in-email', DRIVER.email);
  await type(sid, '#sign-in-password', DRIVER.password);
  await click(sid, '[data-testid="sign-in-submit"]');
  // The header shows the address (cut short in a narrow window: the whole one is its data-email).
  const shown = await waitFor('the signed-in header', async () => {
    const email = await attribute(sid, '[data-testid="signed-in-as"]', 'data-email');
    return email === DRIVER.email ? email : null;
  });
  console.log(`signed in inside the window: header shows "${shown}"`);
  assert.equal(await find(sid, '[data-testid="store-problem"]'), null, 'the secure store worked');
  const stored = await waitFor('the token in the Secret Service', async () => {
    const out = storedEntries();
    return /secret = \S+/.test(out) ? out : null;
  }, 10000);
  assert.ok(stored.includes(`attribute.username = ${server}`), `the entry is keyed by the server URL:\n${stored}`);
  console.log('the token is in the Secret Service, keyed by the server URL');

  // Charging signed in by the bearer token: the live view's stream carries it as
  // ?access_token= (EventSource cannot send headers), so it must go live.
  await click(sid, 'a.brand');
  await click(sid, '[data-testid="charger-card"]:has([data-testid="connector-status"][data-status="available"]) a');
  await click(sid, '[data-testid="start-button"]');
  await waitFor('the live session to charge', () => find(sid, '[data-testid="live-session"][data-status="charging"]'));
  await waitFor('the live stream to be open', () => find(sid, '[data-testid="live-link"].link-live'));
  console.log('charging in the window; the live stream is open');

  // The car pauses (the simulator's car, driven by the operator's DataTransfer): the app
  // tells the driver with a system notification — the notification plugin's, on the
  // session bus to org.freedesktop.Notifications, where a monitor sees it.
  const charger = await attribute(sid, '[data-testid="live-session"]', 'data-charger');
  // Paused before any energy would read as "waiting for the car": first the meter moves.
  await waitFor('energy to flow', async () => parseFloat((await text(sid, '[data-testid="live-energy"]'))?.replace(',', '.')) > 0);
  await simulatedCar(charger, 'pause');
  await waitFor('the car-paused step', () => find(sid, '[data-testid="live-step"][data-step="CarPaused"]'));
  const notified = await waitFor('a system notification', () => {
    const sent = notifications.seen();
    return /The car paused charging|Bilen stanset ladingen/.test(sent) ? sent : null;
  }, 20000);
  assert.ok(notified.includes(charger), `the notification names the charger ${charger}`);
  console.log('the car paused: a system notification was sent (org.freedesktop.Notifications.Notify)');
  await simulatedCar(charger, 'charge');
  await click(sid, '[data-testid="stop-button"]:not([disabled])');
  await waitFor('the receipt', () => find(sid, '[data-testid="receipt"]'), 120000);
  console.log('stopped: the receipt is shown');

  // A reload (from the start page, which the shell serves as such): the window signs in
  // again with the stored token, asking for no password.
  await click(sid, 'a.brand');
  await waitFor('the charger list', () => find(sid, '[data-testid="charger-card"]'));
  await wd('POST', `/session/${sid}/refresh`, {});
  await waitFor('the signed-in header after a reload', async () =>
    (await attribute(sid, '[data-testid="signed-in-as"]', 'data-email')) === DRIVER.email);
  console.log('still signed in after a reload (token from the store)');

  // Signing out forgets it.
  await click(sid, '[data-testid="signed-in-as"]');
  await click(sid, '[data-testid="sign-out"]');
  await waitFor('the header to offer Sign in', () => find(sid, '[data-testid="header-sign-in"]'));
  await waitFor('the token to leave the store', async () => storedEntries().trim() === '', 10000);
  console.log('signed out: the token left the store');
}

// What the server says is nearest to the app's default position (Oslo).
const expected = await (await fetch(`${server}/api/v1/chargers?lat=59.9139&lon=10.7522&limit=5`)).json();
assert.ok(expected.chargers.length > 0, 'the demo server has chargers');

const session = await wd('POST', '/session', {
  capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: binary } } },
});
const sid = session.sessionId;
let failed = null;
try {
  const title = await waitFor('the window title', async () => wd('GET', `/session/${sid}/title`));
  console.log(`window title: ${title}`);
  const cards = await waitFor('charger cards', async () => {
    const found = await wd('POST', `/session/${sid}/elements`, { using: 'css selector', value: '[data-testid="charger-card"]' });
    return found.length > 0 ? found : null;
  });
  const texts = [];
  for (const card of cards.slice(0, 5)) {
    const key = Object.keys(card)[0];
    texts.push(await wd('GET', `/session/${sid}/element/${card[key]}/text`));
  }
  const shown = texts.join('\n');
  console.log(`the window shows ${cards.length} chargers; first:\n${texts[0]}`);
  const nearest = expected.chargers[0];
  assert.ok(shown.includes(nearest.site_name), `the window shows the nearest site ${nearest.site_name}`);
  assert.ok(/available|ledig/i.test(shown), 'connector statuses from the chargers are shown');
  await signInAndKeepTheToken(sid);
  const screenshot = await wd('GET', `/session/${sid}/screenshot`);
  if (process.env.SCREENSHOT_DIR) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${process.env.SCREENSHOT_DIR}/desktop.png`, Buffer.from(screenshot, 'base64'));
  }
} catch (e) {
  failed = e;
  // What the window showed when it failed, and what the page said.
  const shownText = await wd('POST', `/session/${sid}/execute/sync`, { script: 'return [document.querySelector(".topbar")?.outerHTML, document.body.innerText].join(String.fromCharCode(10))', args: [] }).catch(() => '');
  console.error(`the window showed:\n${shownText}`);
  if (process.env.SCREENSHOT_DIR) {
    const { writeFile } = await import('node:fs/promises');
    const png = await wd('GET', `/session/${sid}/screenshot`).catch(() => null);
    if (png) await writeFile(`${process.env.SCREENSHOT_DIR}/desktop-failed.png`, Buffer.from(png, 'base64'));
  }
} finally {
  await wd('DELETE', `/session/${sid}`).catch(() => {});
  notifications.stop();
}
if (failed) {
  console.error(`desktop test FAILED: ${failed.message}`);
  process.exit(1);
}
console.log('desktop test passed');
