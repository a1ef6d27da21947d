// The support queue in Chromium (playwright-core, Debian's chromium): support-first signs in
// once, then RUNS times navigates to /support and waits until the first queue row is visible;
// prints p50 / p95 / max of navigation start → first row. Run by ladeklar-support-bench
// (tests/it/bin/support_bench.rs) against its server with the built UI and its open cases.
//
//   LADEKLAR_URL=http://127.0.0.1:PORT RUNS=20 node benches/support/queue_browser.mjs

import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
const RUNS = Number(process.env.RUNS ?? 20);
if (!BASE) {
  console.error('queue_browser: set LADEKLAR_URL');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const guard = setTimeout(() => {
  console.error('queue_browser: took longer than 10 minutes');
  process.exit(1);
}, 600_000);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${BASE}/account/sign-in?next=%2F`);
  await page.getByTestId('sign-in-page').waitFor();
  await page.getByLabel('E-mail address').fill('support-first@demo.ladeklar.no');
  await page.getByLabel('Password', { exact: true }).fill('demo-pass-support-first');
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('signed-in-as').first().waitFor();
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) {
    await page.goto('about:blank');
    const t = performance.now();
    await page.goto(`${BASE}/support`);
    await page.getByTestId('queue-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    const took = performance.now() - t;
    if (i >= 2) times.push(took); // the first two warm the cache (wasm, fonts)
  }
  const rows = await page.getByTestId('queue-row').count();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.round((times.length - 1) * q)];
  console.log(
    `browser: /support navigation → first queue row visible (${rows} rows shown): ` +
      `p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms (n = ${times.length})`,
  );
} catch (e) {
  console.error(`queue_browser: FAILED: ${e}`);
  process.exitCode = 1;
} finally {
  clearTimeout(guard);
  await browser.close();
}
