// What every browser spec needs, once: the server's address, a guard on the whole run, a
// browser (Debian's Chromium via playwright-core), pages that collect the browser's own
// errors, screenshots at phone and desktop sizes in English and Norwegian that fail when a
// page is wider than the viewport, signing in and out, and the JSON API.
//
//   import { harness } from './harness.mjs';
//   const h = harness('owner', { expectedErrors: [/status of 400/] });
//   h.run(async () => { const page = await h.openPage(); await h.signIn(page, h.OWNER); … });
//
// Environment: LADEKLAR_URL (required), CHROMIUM, LADEKLAR_SHOTS (default
// /tmp/ladeklar-shots), LADEKLAR_BROWSER_TIMEOUT_MS (default 300 s).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

/** The demo server's accounts (`<role>@demo.ladeklar.no`, `demo-pass-<role>`). */
export const demoUser = (role) => ({ email: `${role}@demo.ladeklar.no`, password: `demo-pass-${role}` });

// The app asks who is signed in on every load; signed out, the browser logs that 401.
const SIGNED_OUT_CHECK = /401.*\/api\/v1\/account\)?$/;

export function check(ok, why) {
  if (!ok) throw new Error(why);
}

export const text = async (locator) => ((await locator.textContent()) ?? '').trim();

/**
 * One spec's run. `expectedErrors`: console errors the spec provokes on purpose (a refused
 * request the browser logs itself); each pattern forgives any number of matches.
 */
export function harness(name, { expectedErrors = [], timeoutMs } = {}) {
  const base = (process.env.LADEKLAR_URL ?? '').replace(/\/+$/, '');
  if (!base) {
    console.error(`${name}: set LADEKLAR_URL (the server)`);
    process.exit(2);
  }
  const shotsDir = process.env.LADEKLAR_SHOTS ?? '/tmp/ladeklar-shots';
  const totalMs = Number(process.env.LADEKLAR_BROWSER_TIMEOUT_MS ?? timeoutMs ?? 300_000);
  const problems = [];
  // Errors the next steps provoke on purpose, each forgiven once.
  const expectedOnce = [];
  let browser;
  let guard;
  const h = {
    BASE: base,
    SHOTS: shotsDir,
    problems,
    /** The page a failure screenshots. */
    current: null,

    /** The next console error matching each pattern is expected (the spec provokes it). */
    expectOnce(...patterns) {
      expectedOnce.push(...patterns);
    },

    log(step) {
      console.log(`${name}: ${step}`);
    },

    async fail(why) {
      console.error(`${name}: FAILED: ${why}`);
      for (const p of problems) console.error(`  ${p}`);
      try {
        mkdirSync(shotsDir, { recursive: true });
        await h.current?.screenshot({ path: join(shotsDir, `${name}-failed.png`), fullPage: true });
      } catch {
        // no page
      }
      try {
        await browser?.close();
      } catch {
        // already gone
      }
      process.exit(1);
    },

    /** Fails when the browser has reported an error so far. */
    checkProblems(where) {
      check(problems.length === 0, `browser reported errors ${where}`);
    },

    /** Runs the spec with a browser; fails on a thrown error, a browser error or the guard. */
    run(body) {
      guard = setTimeout(() => h.fail(`the whole flow took longer than ${totalMs / 1000} s`), totalMs);
      (async () => {
        browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
        await body();
        check(problems.length === 0, 'browser reported errors');
        h.log('passed');
        clearTimeout(guard);
        await browser.close();
      })().catch((e) => h.fail(e.stack ?? String(e)));
    },

    /** A page in a context of its own, 390×844, British English, errors collected. */
    async openPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
        locale: 'en-GB',
        ...options,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('crash', () => problems.push('the page crashed'));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        const line = `${m.text()} (${m.location()?.url ?? ''})`;
        if (SIGNED_OUT_CHECK.test(line) || expectedErrors.some((re) => re.test(line))) return;
        const once = expectedOnce.findIndex((re) => re.test(line));
        if (once >= 0) {
          expectedOnce.splice(once, 1);
          return;
        }
        problems.push(`console error: ${line}`);
      });
      h.current = page;
      return page;
    },

    /** Screenshots at both sizes, in English and (with `both`) Norwegian; nothing wider than the viewport. */
    async shots(page, shot, { both = true } = {}) {
      mkdirSync(shotsDir, { recursive: true });
      for (const lang of both ? ['en', 'nb'] : ['en']) {
        if (lang === 'nb') await page.getByTestId('lang-nb').click();
        for (const v of VIEWPORTS) {
          await page.setViewportSize({ width: v.width, height: v.height });
          await page.waitForTimeout(250);
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          check(wide <= 0, `${shot} (${lang}, ${v.name}) is ${wide}px wider than the viewport`);
          await page.screenshot({ path: join(shotsDir, `${name}-${shot}-${lang}-${v.name}.png`), fullPage: true });
        }
        if (lang === 'nb') await page.getByTestId('lang-en').click();
      }
      await page.setViewportSize({ width: 390, height: 844 });
    },

    async signIn(page, who, next = '/') {
      await page.goto(`${base}/account/sign-in?next=${encodeURIComponent(next)}`);
      await h.fillSignIn(page, who);
    },

    /** Signs in on the sign-in page already open (a redirect's, or one the spec opened). */
    async fillSignIn(page, who) {
      await page.getByTestId('sign-in-page').waitFor();
      await page.getByLabel('E-mail address').fill(who.email);
      await page.getByLabel('Password', { exact: true }).fill(who.password);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('signed-in-as').filter({ hasText: who.email }).waitFor();
    },

    async signOut(page) {
      await page.goto(`${base}/account`);
      await page.getByTestId('sign-out').click();
      await page.getByTestId('header-sign-in').waitFor();
    },

    /** The JSON API without a session (as an ad-hoc driver's app): `{ status, body }`. */
    async api(method, path, body) {
      const r = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const raw = await r.text();
      return { status: r.status, body: raw ? JSON.parse(raw) : null };
    },

    /** Polls `probe` until it gives a truthy value. */
    async waitFor(what, probe, ms = 60_000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const v = await probe();
        if (v) return v;
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(`timed out waiting for ${what}`);
    },

    /** Every visible target matching `selector` is at least 44 px high. */
    async targets(page, selector) {
      const small = await page.evaluate((sel) => {
        return [...document.querySelectorAll(sel)]
          .filter((e) => e.offsetParent !== null)
          .map((e) => [e.dataset.testid ?? e.textContent.trim(), e.getBoundingClientRect().height])
          .filter(([, ht]) => ht < 44);
      }, selector);
      check(small.length === 0, `targets under 44 px: ${JSON.stringify(small)}`);
    },
  };
  return h;
}
