// The site owner's overview and statements in a real browser (Debian's Chromium via
// playwright-core), against the demo server: the owner (Fjordlade) signs in, opens Overview
// from the navigation and sees their own five sites with their chargers and each connector's
// status — none of another owner's (Nordlys) — the revenue chart, the month's total and the
// open cases. Then Statements: the empty list, issuing the last month that is over (the
// demo server takes no payments: nothing to state, or that month's documents), and a month
// the server refuses, its error next to the field. Screenshots at 390×844 and 1280×800 in
// English and Norwegian.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/owner.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots); see harness.mjs.

import { check, demoUser, harness, text } from './harness.mjs';

// The refused month: the browser logs the 400 itself.
const h = harness('owner', { expectedErrors: [/status of 400.*\/api\/v1\/owners\/.*\/statements/] });
const OWNER = demoUser('owner');
// The demo's sites by owner (crates/ladeklar-server/demo/sites.json).
const FJORDLADE = ['oslo-aker-brygge', 'oslo-majorstuen', 'bergen-bryggen', 'trondheim-solsiden', 'tromso-sentrum'];
const NORDLYS = ['oslo-storo', 'bergen-lagunen', 'stavanger-vaagen'];

h.run(async () => {
  const page = await h.openPage();
  await h.signIn(page, OWNER);

  h.log('the owner opens Overview from the navigation: their sites, none of another owner\'s');
  await page.getByTestId('nav-owner').click();
  await page.getByTestId('owner-overview').waitFor();
  await page.getByTestId('owner-site').first().waitFor();
  const sites = await page.getByTestId('owner-site').evaluateAll((es) => es.map((e) => e.dataset.site));
  for (const s of FJORDLADE) check(sites.includes(s), `Fjordlade's ${s} is listed (got ${sites})`);
  for (const s of NORDLYS) check(!sites.includes(s), `Nordlys' ${s} is not listed`);
  check(sites.length === FJORDLADE.length, `five sites, got ${sites}`);
  const tromso = page.locator('[data-testid="owner-site"][data-site="tromso-sentrum"]');
  check((await tromso.getByTestId('owner-charger').count()) === 3, 'Tromsø lists its three chargers');
  check((await tromso.getByTestId('owner-connector').count()) > 0, 'with their connectors');
  await page.getByTestId('revenue-chart').waitFor();
  check((await page.getByTestId('revenue').count()) === 1, 'the revenue section');
  check((await text(page.getByTestId('open-cases'))).match(/^\d+$/), 'the open cases are a number');
  await page.getByTestId('month-total').waitFor();
  await h.shots(page, 'overview');

  h.log('Statements: empty, then the last month that is over is issued');
  await page.getByTestId('nav-owner-statements').click();
  await page.getByTestId('owner-statements').waitFor();
  await page.getByTestId('statements-empty').waitFor();
  const month = await page.getByTestId('issue-month').inputValue();
  check(/^\d{4}-\d{2}$/.test(month), `the form offers the last month that is over: ${month}`);
  await h.targets(page, '.issue-form button, .issue-form input, .facenav a');
  await h.shots(page, 'statements-empty');
  await page.getByTestId('issue-submit').click();
  await page.getByTestId('issued').waitFor();
  const said = await text(page.getByTestId('issued'));
  check(said.includes(month), `the answer names ${month}: ${said}`);
  const rows = await page.getByTestId('statement').count();
  if (said.startsWith('Nothing to state')) {
    await page.getByTestId('statements-empty').waitFor();
  } else {
    check(rows > 0, 'the issued documents are listed');
    const pdf = await page.getByTestId('statement-pdf').first().getAttribute('href');
    check(/\/statements\/[^/]+\/pdf/.test(pdf), `a PDF link: ${pdf}`);
  }
  await h.shots(page, 'statements-issued');

  h.log('a month the server refuses: its error next to the field');
  await page.getByTestId('issue-month').fill('2026-13');
  await page.getByTestId('issue-submit').click();
  await page.getByTestId('error-month').waitFor();
  check((await text(page.getByTestId('error-month'))).includes('month that is over'), 'invalid_month in words');
  check((await page.getByTestId('issue-month').getAttribute('aria-invalid')) === 'true', 'the field is marked');
  await h.shots(page, 'statements-error');
});
