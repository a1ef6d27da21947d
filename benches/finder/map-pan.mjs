// The map with 10,000 sites in view: how smooth panning and zooming are (issue 16: "Panning
// and zooming stay smooth with 10,000 sites in view"). A benchmark, not a test: it reports.
//
// The app asks the server for the map's box (`/api/v1/chargers?bbox=…`); this page's requests
// for it are answered from a fixed world of N generated sites (the demo's first charger as the
// template: same JSON, other ids, places and availability) inside the first view, so the whole
// path runs as in use: the app's wasm reads the list, makes the pins' JSON, `map.js` clusters
// and draws them. Then a scripted session with real input events — drags of the map and wheel
// zooms — while the page records every animation frame's time (requestAnimationFrame) and
// every long task (PerformanceObserver `longtask`, main thread busy > 50 ms).
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node benches/finder/map-pan.mjs [sites=10000] [hold]
// (a server with the built UI: `ladeklar-server --demo --ui-dir app/dist`). Optional: CHROMIUM.

import { chromium } from 'playwright-core';

const BASE = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('map-pan: set LADEKLAR_URL (a server with the UI)');
  process.exit(2);
}
const SITES = Number(process.argv[2] ?? 10_000);
// `hold`: while measuring, the app's requests for the new box go unanswered — what the map
// itself costs (Leaflet, markercluster), without the app reading the list again.
const HOLD = process.argv.slice(3).includes('hold');
// `profile`: a CPU profile (Chrome DevTools protocol) of each phase, its top functions by self time.
const PROFILE = process.argv.slice(3).includes('profile');
let measuring = false;
// The first view: Oslo and around, ~1.2° × 0.6° — every site is in it.
const WORLD = { w: 10.2, s: 59.6, e: 11.4, n: 60.2 };
const WIDTH = 1280;
const HEIGHT = 800;

function rng(seed) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function world(template) {
  const random = rng(16);
  const states = ['available', 'charging', 'faulted', 'available', 'available'];
  const sites = [];
  for (let i = 0; i < SITES; i++) {
    const c = structuredClone(template);
    c.id = `BENCH-${String(i).padStart(5, '0')}`;
    c.site_id = `bench-site-${i}`;
    c.site_name = `Bench site ${i}`;
    c.lat = WORLD.s + random() * (WORLD.n - WORLD.s);
    c.lon = WORLD.w + random() * (WORLD.e - WORLD.w);
    c.distance_m = null;
    c.online = random() > 0.05;
    const status = states[Math.floor(random() * states.length)];
    for (const k of c.connectors ?? []) k.status = status;
    sites.push(c);
  }
  return sites;
}

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => (v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : 0);
  return { n: v.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: v.length ? v[v.length - 1] : 0 };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // A real charger's JSON as the template.
  const real = await (await page.request.get(`${BASE}/api/v1/chargers?lat=59.9139&lon=10.7522&limit=1`)).json();
  const sites = world(real.chargers[0]);
  let answered = 0;
  let held = 0;
  await page.route(/\/api\/v1\/chargers\?/, async (route) => {
    if (HOLD && answered > 0 && measuring) {
      // The map alone: the app's new box is never answered while measuring.
      held++;
      return;
    }
    const url = new URL(route.request().url());
    const bbox = url.searchParams.get('bbox');
    let inView = sites;
    if (bbox) {
      const [w, s, e, n] = bbox.split(',').map(Number);
      inView = sites.filter((c) => c.lon >= w && c.lon <= e && c.lat >= s && c.lat <= n);
    }
    answered++;
    await route.fulfill({ json: { chargers: inView, more: false } });
  });

  // Frames and long tasks, recorded from the page's start.
  await page.addInitScript(() => {
    const bench = (window.__bench = { frames: [], longtasks: [], recording: false });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (bench.recording) bench.longtasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = 0;
    const frame = (t) => {
      if (bench.recording && last) bench.frames.push(t - last);
      last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });

  const box = `${WORLD.w.toFixed(5)},${WORLD.s.toFixed(5)},${WORLD.e.toFixed(5)},${WORLD.n.toFixed(5)}`;
  const t0 = Date.now();
  await page.goto(`${BASE}/?view=map&bbox=${box}`);
  const shownNow = () => page.evaluate(() => (window.ladeklarMap ? window.ladeklarMap.ids().length : -1));
  for (let waited = 0; (await shownNow()) < SITES * 0.99; waited += 250) {
    if (waited > 120_000) {
      throw new Error(`the map shows ${await shownNow()} of ${SITES} after 120 s (${answered} box answers; ${errors.join('; ')})`);
    }
    await page.waitForTimeout(250);
  }
  const firstDraw = Date.now() - t0;
  await page.waitForTimeout(1_500);
  const dom = await page.evaluate(() => ({
    icons: document.querySelectorAll('.leaflet-marker-icon').length,
    nodes: document.querySelectorAll('*').length,
    shown: window.ladeklarMap.ids().length,
  }));

  const map = await page.locator('.leaflet-container').boundingBox();
  const cx = map.x + map.width / 2;
  const cy = map.y + map.height / 2;

  async function phase(name, act) {
    measuring = true;
    await page.evaluate(() => {
      window.__bench.frames = [];
      window.__bench.longtasks = [];
      window.__bench.recording = true;
    });
    const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const started = Date.now();
    await act();
    const took = Date.now() - started;
    let top;
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map();
      const dt = new Map();
      profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
      for (const node of profile.nodes) {
        const f = node.callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0) / 1000);
      }
      top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${Math.round(ms)} ms ${k}`);
    }
    const { frames, longtasks } = await page.evaluate(() => {
      window.__bench.recording = false;
      return { frames: window.__bench.frames, longtasks: window.__bench.longtasks };
    });
    const f = stats(frames);
    const l = stats(longtasks);
    const total = longtasks.reduce((a, b) => a + b, 0);
    return {
      name,
      seconds: +(took / 1000).toFixed(1),
      frames: f.n,
      fps: +(f.n / (took / 1000)).toFixed(1),
      frame_ms: { p50: +f.p50.toFixed(1), p95: +f.p95.toFixed(1), p99: +f.p99.toFixed(1), max: +f.max.toFixed(1) },
      frames_over_50ms: frames.filter((d) => d > 50).length,
      frames_over_100ms: frames.filter((d) => d > 100).length,
      longtasks: { n: l.n, total_ms: Math.round(total), max_ms: Math.round(l.max) },
      ...(top ? { profile_self_time: top } : {}),
    };
  }

  // Drags: 12 of ~300 px, each over 20 mouse moves, back and forth; each ends in a new box asked for.
  const pan = await phase('pan (12 drags of ~300 px, 400 ms after each)', async () => {
    const moves = [
      [300, 0],
      [-300, 0],
      [0, 200],
      [0, -200],
      [250, 150],
      [-250, -150],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [dx, dy] of moves) {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        await page.mouse.move(cx + dx, cy + dy, { steps: 20 });
        await page.mouse.up();
        await page.waitForTimeout(400);
      }
    }
    await page.waitForTimeout(1_000);
  });
  // Wheel zooms: in three steps, out three steps, twice.
  const zoom = await phase('zoom (12 wheel steps in and out, 600 ms after each)', async () => {
    for (let round = 0; round < 2; round++) {
      for (const dy of [-120, -120, -120, 120, 120, 120]) {
        await page.mouse.move(cx, cy);
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(600);
      }
    }
    await page.waitForTimeout(1_000);
  });

  const report = {
    sites: SITES,
    viewport: `${WIDTH}×${HEIGHT}`,
    first_draw_ms: firstDraw,
    shown: dom.shown,
    marker_elements: dom.icons,
    dom_nodes: dom.nodes,
    box_answers: answered,
    box_requests_held: held,
    phases: [pan, zoom],
    page_errors: errors,
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
}
