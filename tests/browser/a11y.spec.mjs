// Every driver screen checked by axe-core (WCAG 2.1 A and AA rules) and for horizontal
// overflow, at 320, 390 and 1280 px wide, in English and Norwegian bokmål (issue 17).
// Screens: the list, a charger, a faulted charger, a live session, its receipt, my charging (history), the
// account, sign-in, a fault report, my car. The session is started once through the API by a
// signed-in demo driver, so the live page, receipt and history have something to show. Then
// the signed-in demo driver's own screens: account, history, my car, a fault report and
// payment (signed in by the API's cookie sign-in in the page's context).
//
// Run against a running demo server with simulated chargers:
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/a11y.spec.mjs
// Optional: CHROMIUM=/path/to/chromium.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('a11y: set LADEKLAR_URL to the running server, e.g. http://127.0.0.1:8080');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TOTAL_TIMEOUT_MS = 300_000;
let browser;
const guard = setTimeout(() => fail(`took longer than ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS);

function log(step) {
  console.log(`a11y: ${step}`);
}

async function fail(why) {
  console.error(`a11y: FAILED: ${why}`);
  try {
    await browser?.close();
  } catch {
    // already gone
  }
  process.exit(1);
}

/** Signs the demo driver in through the API and starts and stops a session on a free connector. */
async function session() {
  const res = await fetch(`${BASE}/api/v1/chargers?lat=59.91&lon=10.75&limit=20&available=true`);
  const charger = (await res.json()).chargers.find((c) => c.online && c.connectors.some((k) => k.status === 'available'));
  if (!charger) throw new Error('no free charger near Oslo');
  const connector = charger.connectors.find((k) => k.status === 'available');
  const start = await fetch(`${BASE}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ charger_id: charger.id, connector_id: connector.connector_id }),
  });
  const view = await start.json();
  if (!start.ok) throw new Error(`start: ${start.status} ${JSON.stringify(view)}`);
  // A charger with a fault: its page once was wider than a phone.
  const box = await (await fetch(`${BASE}/api/v1/chargers?bbox=4,55,20,64&limit=500`)).json();
  const faulted = box.chargers.find((c) => c.connectors.some((k) => k.status === 'faulted'));
  return { chargerId: charger.id, sessionId: view.id, faultedId: faulted?.id };
}

async function waitForStatus(id, ok) {
  for (let i = 0; i < 120; i++) {
    const view = await (await fetch(`${BASE}/api/v1/sessions/${id}`)).json();
    if (ok(view.status)) return view;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`session ${id} never reached the status`);
}

async function check(page, name, width, lang) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
      })),
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  });
  const problems = [];
  for (const v of result.violations) problems.push(`${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
  if (result.scrollWidth > result.innerWidth) {
    problems.push(`wider than the viewport: ${result.scrollWidth} > ${result.innerWidth}`);
  }
  return problems.map((p) => `${name} @${width} ${lang}: ${p}`);
}

async function main() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const { chargerId, sessionId, faultedId } = await session();
  if (!faultedId) throw new Error('the demo has no faulted charger to check');
  await waitForStatus(sessionId, (s) => s === 'charging');
  const screens = [
    ['list', '/', 'charger-card'],
    ['charger', `/chargers/${chargerId}`, 'charger-detail'],
    ['faulted charger', `/chargers/${faultedId}`, 'charger-detail'],
    ['live session', `/sessions/${sessionId}`, 'live-session'],
    ['account', '/account', null],
    ['sign-in', '/account/sign-in', null],
    ['report', `/report?charger=${chargerId}`, null],
    ['my car', '/car', 'car-form'],
    ['history', '/account/sessions', null],
  ];
  const all = [];
  for (const [lang, locale] of [['en', 'en-GB'], ['nb', 'nb-NO']]) {
    for (const width of [320, 390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      for (const [name, path, testid] of screens) {
        await page.goto(`${BASE}${path}`);
        if (testid) await page.getByTestId(testid).first().waitFor();
        else await page.locator('main h1').first().waitFor();
        all.push(...(await check(page, name, width, lang)));
      }
      await context.close();
    }
    log(`${lang}: ${screens.length} screens at 320, 390, 1280 px`);
  }
  // The signed-in driver's own screens.
  const signedIn = [
    ['account (signed in)', '/account', 'account-page'],
    ['history (signed in)', '/account/sessions', 'history'],
    ['my car (signed in)', '/car', 'car-form'],
    ['report (signed in)', `/report?charger=${chargerId}`, null],
    ['payment (signed in)', '/account/payment', null],
  ];
  for (const [lang, locale] of [['en', 'en-GB'], ['nb', 'nb-NO']]) {
    for (const width of [320, 390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale });
      const signIn = await context.request.post(`${BASE}/api/v1/account/sign-in`, {
        data: { email: 'driver@demo.ladeklar.no', password: 'demo-pass-driver' },
      });
      if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      for (const [name, path, testid] of signedIn) {
        await page.goto(`${BASE}${path}`);
        await page.getByTestId('signed-in-as').first().waitFor();
        if (testid) await page.getByTestId(testid).first().waitFor();
        else await page.locator('main h1').first().waitFor();
        all.push(...(await check(page, name, width, lang)));
      }
      await context.close();
    }
    log(`${lang}: ${signedIn.length} signed-in screens at 320, 390, 1280 px`);
  }
  // The receipt, once the session has ended.
  await fetch(`${BASE}/api/v1/sessions/${sessionId}/stop`, { method: 'POST' });
  await waitForStatus(sessionId, (s) => s === 'completed');
  for (const [lang, locale] of [['en', 'en-GB'], ['nb', 'nb-NO']]) {
    for (const width of [320, 390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale });
      const page = await context.newPage();
      await page.goto(`${BASE}/sessions/${sessionId}/receipt`);
      await page.getByTestId('receipt').waitFor();
      all.push(...(await check(page, 'receipt', width, lang)));
      await context.close();
    }
  }
  await browser.close();
  clearTimeout(guard);
  if (all.length > 0) {
    for (const p of all) console.error(`  ${p}`);
    fail(`${all.length} problems`);
    return;
  }
  log('ok: no axe violation, nothing wider than the viewport');
}

main().catch((e) => fail(e.stack ?? String(e)));
