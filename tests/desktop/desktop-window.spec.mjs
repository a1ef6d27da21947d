// Desktop end-to-end test: the Tauri binary (UI embedded) under Xvfb, driven through
// tauri-driver + WebKitWebDriver with plain W3C WebDriver HTTP calls. The window must open
// and show the chargers the server reports, with live connector statuses.
//
// Env: LADEKLAR_DESKTOP_BIN (absolute path to the binary), WEBDRIVER_URL (tauri-driver),
//      LADEKLAR_URL (the running demo server; the app gets it as LADEKLAR_SERVER_URL).
import assert from 'node:assert/strict';

const driver = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const binary = process.env.LADEKLAR_DESKTOP_BIN;
const server = process.env.LADEKLAR_URL;
assert.ok(binary, 'LADEKLAR_DESKTOP_BIN must be set');
assert.ok(server, 'LADEKLAR_URL must be set');

async function wd(method, path, body) {
  const res = await fetch(`${driver}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
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
  const screenshot = await wd('GET', `/session/${sid}/screenshot`);
  if (process.env.SCREENSHOT_DIR) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${process.env.SCREENSHOT_DIR}/desktop.png`, Buffer.from(screenshot, 'base64'));
  }
} catch (e) {
  failed = e;
} finally {
  await wd('DELETE', `/session/${sid}`).catch(() => {});
}
if (failed) {
  console.error(`desktop test FAILED: ${failed.message}`);
  process.exit(1);
}
console.log('desktop test passed');
