// Desktop end-to-end test of issue 18: the technician's outbox survives a restart of the app.
// The Tauri binary under Xvfb, driven through tauri-driver + WebKitWebDriver; the app talks
// to the demo server through a TCP relay this test owns, so it can cut the network.
//
// 3rd line books a visit through the API. In the window the technician signs in, opens
// "My day" (the shell's own copy of the staff build) and the order; the relay cuts the
// connection; check-in and a photo before are made and wait in the outbox, which lies in
// the app's data folder (read here). The app quits and starts again still without a
// connection: it reopens at the order, the two items still wait, the photo still shows. The
// connection returns: both are sent, once — the server has the order checked in by this
// technician with one check-in, and the outbox's files say "sent".
//
// Run inside a D-Bus session with a Secret Service (tests/desktop/with-keyring.sh, which
// also sets XDG_DATA_HOME, under which the app keeps its data folder).
// Env: LADEKLAR_DESKTOP_BIN (absolute path to the binary), LADEKLAR_URL (the running demo
//      server), TAURI_DRIVER (default `tauri-driver`), NATIVE_DRIVER (default
//      /usr/bin/WebKitWebDriver), SCREENSHOT_DIR (optional).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

import { apiClient, bookVisit, demoUser } from '../browser/field-api.mjs';
import { waitFor, webdriver } from './webdriver.mjs';

const binary = process.env.LADEKLAR_DESKTOP_BIN;
const server = process.env.LADEKLAR_URL;
const dataHome = process.env.XDG_DATA_HOME;
assert.ok(binary, 'LADEKLAR_DESKTOP_BIN must be set');
assert.ok(server, 'LADEKLAR_URL must be set');
assert.ok(dataHome, 'XDG_DATA_HOME must be set (tests/desktop/with-keyring.sh sets it)');
const TECH = demoUser('technician');
const CHARGER = 'BERGEN-BRYGGEN-AC2';
/** Where the app keeps its outbox (Tauri's app data folder: XDG_DATA_HOME/<identifier>). */
const OUTBOX_DIR = join(dataHome, 'no.ladeklar.app', 'field', 'outbox');

/** A TCP relay to the server on a free port of 127.0.0.1; `cut()` and `restore()` the network. */
async function relay(target) {
  const upstream = new URL(target);
  const open = new Set();
  let cut = false;
  const listener = net.createServer((client) => {
    if (cut) return client.destroy();
    const toServer = net.connect(Number(upstream.port), upstream.hostname);
    open.add(client).add(toServer);
    const drop = () => {
      client.destroy();
      toServer.destroy();
      open.delete(client);
      open.delete(toServer);
    };
    client.on('error', drop).on('close', drop);
    toServer.on('error', drop).on('close', drop);
    client.pipe(toServer).pipe(client);
  });
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${listener.address().port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise((resolve) => listener.close(resolve)).then(() => open.forEach((s) => s.destroy())),
  };
}

async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** tauri-driver for this test, the app pointed at the relay. */
async function startDriver(serverUrl) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const child = spawn(
    process.env.TAURI_DRIVER ?? 'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort), '--native-driver', process.env.NATIVE_DRIVER ?? '/usr/bin/WebKitWebDriver'],
    { env: { ...process.env, LADEKLAR_SERVER_URL: serverUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('tauri-driver', () => fetch(`${url}/status`).then((r) => r.ok), 20000);
  return { url, log: () => log, stop: () => child.kill() };
}

/** The outbox as the app's data folder holds it: kind and state of each item. */
function outboxOnDisk() {
  let names = [];
  try {
    names = readdirSync(OUTBOX_DIR).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((name) => {
    const item = JSON.parse(JSON.parse(readFileSync(join(OUTBOX_DIR, name), 'utf8')).json);
    return { id: item.id, kind: item.kind.kind, state: item.state.state, photo: item.kind.kind === 'photo' && readdirSync(OUTBOX_DIR).includes(`${item.id}.blob`) };
  });
}

const item = (kind, state) => `[data-testid="outbox-item"][data-kind="${kind}"][data-state="${state}"]`;

const net_ = await relay(server);
const driver = await startDriver(net_.url);
const w = webdriver(driver.url);
const { caseId, order, third } = await bookVisit(server, { charger: CHARGER, technician: TECH.email, description: 'The display is dark and the charger does not answer' });
console.log(`booked ${order.id} on case ${caseId} at ${order.starts_at}`);

let sid = null;
let failed = null;
try {
  sid = await w.open(binary);
  await waitFor('the charger list', () => w.find(sid, '[data-testid="charger-card"]'));
  await w.click(sid, '[data-testid="header-sign-in"]');
  await w.type(sid, '#sign-in-email', TECH.email);
  await w.type(sid, '#sign-in-password', TECH.password);
  await w.click(sid, '[data-testid="sign-in-submit"]');
  // "My day" opens the staff build the app carries.
  await w.click(sid, '[data-testid="nav-field"]');
  await w.click(sid, `[data-testid="order-card"][data-order="${order.id}"] [data-testid="order-open"]`);
  await waitFor('the order on site', () => w.find(sid, '[data-testid="on-site"]'));
  console.log('the technician opened the order in the window');

  // Without a connection: check in and a photo before.
  net_.cut();
  await w.click(sid, '[data-testid="check-in"]');
  await waitFor('the check-in', () => w.find(sid, '[data-testid="checked-in"]'));
  const photo = await w.run(sid, `
    const c = document.createElement('canvas'); c.width = 64; c.height = 48;
    const g = c.getContext('2d'); g.fillStyle = '#2a7'; g.fillRect(0, 0, 64, 48);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
    const input = document.querySelector('[data-testid="photo-before"]');
    const files = new DataTransfer();
    files.items.add(new File([blob], 'before.jpg', { type: 'image/jpeg' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return blob.size;`);
  assert.ok(photo > 0, `a photo was made: ${JSON.stringify(photo)}`);
  await waitFor('the photo to wait', () => w.find(sid, item('photo', 'waiting')));
  await waitFor('the check-in to wait', () => w.find(sid, item('check_in', 'waiting')));
  await waitFor('"saved on this phone"', () => w.find(sid, '[data-testid="saved-offline"]'));
  const kept = await waitFor('the outbox in the data folder', () => {
    const items = outboxOnDisk();
    return items.length === 2 && items.every((i) => i.state === 'waiting') ? items : null;
  });
  assert.ok(kept.some((i) => i.kind === 'photo' && i.photo), `the photo's bytes are in the data folder: ${JSON.stringify(kept)}`);
  console.log(`offline: ${kept.map((i) => i.kind).join(' and ')} wait in ${OUTBOX_DIR}`);
  await w.run(sid, `document.querySelector('[data-testid="outbox"]').scrollIntoView(); return 1;`);
  await w.screenshot(sid, 'desktop-outbox-offline');

  // The app quits and starts again, still without a connection.
  await w.close(sid);
  sid = await w.open(binary);
  await waitFor('the order after the restart', () => w.find(sid, '[data-testid="on-site"]'));
  await waitFor('the check-in after the restart', () => w.find(sid, '[data-testid="checked-in"]'));
  await waitFor('the header saying the server is out of reach', () => w.find(sid, '[data-testid="account-unreachable"]'));
  await waitFor('the check-in still waiting', () => w.find(sid, item('check_in', 'waiting')));
  await waitFor('the photo still waiting', () => w.find(sid, item('photo', 'waiting')));
  const shows = await waitFor('the photo shown', async () => {
    const r = await w.run(sid, `const img = document.querySelector('[data-testid="work-photo"] img'); return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : 0;`);
    return r > 0 ? r : null;
  });
  assert.equal(shows, 64, 'the photo read back from the data folder');
  console.log('restarted offline: the app reopened at the order; check-in and photo still wait');
  await w.run(sid, `document.querySelector('[data-testid="outbox"]').scrollIntoView(); return 1;`);
  await w.screenshot(sid, 'desktop-outbox-restarted');

  // The connection returns: both leave, once.
  net_.restore();
  if (await w.find(sid, '[data-testid="outbox-send"]:not([disabled])')) await w.click(sid, '[data-testid="outbox-send"]');
  await waitFor('the check-in sent', () => w.find(sid, item('check_in', 'sent')), 60000);
  await waitFor('the photo sent', () => w.find(sid, item('photo', 'sent')), 60000);
  const onDisk = outboxOnDisk();
  assert.deepEqual(onDisk.map((i) => i.state).sort(), ['sent', 'sent'], JSON.stringify(onDisk));
  const tech = await apiClient(server, 'technician');
  const orders = await tech.get('/work-orders');
  const seen = orders.body.work_orders.find((o) => o.id === order.id);
  assert.equal(seen.state, 'checked_in', `the server's order: ${JSON.stringify(seen)}`);
  assert.ok(seen.order.checked_in_at, 'the server has the check-in time');
  const c = await third.get(`/cases/${caseId}`);
  const photos = c.body.photos ?? [];
  assert.equal(photos.length, 1, `one photo on the case, not two: ${JSON.stringify(photos)}`);
  console.log(`online: both sent; the server has ${order.id} checked in at ${seen.order.checked_in_at} and one photo`);
  await w.screenshot(sid, 'desktop-outbox-sent');
} catch (e) {
  failed = e;
  if (sid) {
    console.error(`the window showed:\n${await w.shown(sid)}`);
    await w.screenshot(sid, 'desktop-outbox-failed');
  }
} finally {
  if (sid) await w.close(sid);
  driver.stop();
  await net_.close();
}
if (failed) {
  console.error(`desktop outbox test FAILED: ${failed.message}\n--- tauri-driver\n${driver.log().slice(-3000)}`);
  process.exit(1);
}
console.log('desktop outbox test passed');
