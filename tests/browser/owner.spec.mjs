// The site owner's overview, sessions and statements in a real browser (Debian's Chromium via
// playwright-core), against the demo server: the owner (Fjordlade) signs in, opens Overview
// from the navigation and sees their own five sites with their chargers and each connector's
// status — none of another owner's (Nordlys) — uptime and utilisation per site and charger
// (the period switched to the last 7 days), the revenue chart switched between days and months
// with its table, the month's total, the open cases and this month's SLA figures. Sessions:
// two ad-hoc sessions started here (Aker Brygge, Tromsø) are listed; a site filter leaves out
// the other; a search by the session id finds it alone; the CSV link, fetched, is text/csv with
// a header row and that session. Then Statements: the empty list, issuing the last month that
// is over (the demo server takes no payments: nothing to state, or that month's documents),
// and a month the server refuses, its error next to the field. Last, an admin picks owners in
// the owner picker. Screenshots at 390×844 and 1280×800 in English and Norwegian.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 node tests/browser/owner.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots); see harness.mjs.

import { check, demoUser, harness, text } from './harness.mjs';

// The refused month: the browser logs the 400 itself.
const h = harness('owner', { expectedErrors: [/status of 400.*\/api\/v1\/owners\/.*\/statements/] });
const OWNER = demoUser('owner');
const ADMIN = demoUser('admin');
// The demo's sites by owner (crates/ladeklar-server/demo/sites.json).
const FJORDLADE = ['oslo-aker-brygge', 'oslo-majorstuen', 'bergen-bryggen', 'trondheim-solsiden', 'tromso-sentrum'];
const NORDLYS = ['oslo-storo', 'bergen-lagunen', 'stavanger-vaagen'];

/** An ad-hoc session on `charger`'s connector 1 (the demo takes no payment), stopped again: its id. */
async function adHocSession(charger) {
  const started = await h.api('POST', '/sessions', { charger_id: charger, connector_id: 1 });
  check(started.status < 300, `a session starts on ${charger}: ${JSON.stringify(started.body)}`);
  const id = started.body.id;
  await h.waitFor(`${charger}'s session charging`, async () => (await h.api('GET', `/sessions/${id}`)).body?.status === 'charging');
  await h.api('POST', `/sessions/${id}/stop`);
  await h.waitFor(`${charger}'s session completed`, async () => (await h.api('GET', `/sessions/${id}`)).body?.status === 'completed');
  return id;
}

h.run(async () => {
  h.log('two sessions at Fjordlade\'s sites: Aker Brygge and Tromsø');
  const aker = await adHocSession('OSLO-AKER-BRYGGE-AC1');
  const tromsoSession = await adHocSession('TROMSO-SENTRUM-AC1');

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

  h.log('uptime and utilisation per site and charger; the period switched to the last 7 days');
  const figure = /^(\d{1,3}\.\d %|–)$/;
  check(figure.test(await text(page.getByTestId('uptime'))), `the uptime is a percentage: ${await text(page.getByTestId('uptime'))}`);
  check(figure.test(await text(page.getByTestId('utilisation'))), 'the utilisation is a percentage');
  check((await tromso_charger_figures(page)) === 3, 'each of Tromsø\'s chargers shows its uptime and utilisation');
  await page.getByTestId('period-last_7_days').click();
  await page.locator('[data-testid="owner-usage"][data-period="last_7_days"]').waitFor();
  check((await page.getByTestId('period-last_7_days').getAttribute('aria-pressed')) === 'true', 'the period button is pressed');
  const siteUptime = await text(page.locator('[data-testid="owner-site"][data-site="oslo-aker-brygge"] [data-testid="site-uptime"]'));
  check(/^Uptime (\d{1,3}\.\d %|–)$/.test(siteUptime), `the site's uptime: ${siteUptime}`);

  h.log('this month\'s SLA figures and the link to the SLA report');
  await page.getByTestId('owner-sla').waitFor();
  check(/^\d+$/.test(await text(page.getByTestId('sla-breaches'))), 'the breaches are a number');
  const sla = await page.getByTestId('sla-report-link').getAttribute('href');
  check(sla === '/sla-report?owner=owner-fjordlade', `the SLA report's link: ${sla}`);

  h.log('the revenue chart: per month, then per day again; a table beside it');
  await page.getByTestId('chart-months').click();
  await page.locator('[data-testid="revenue"][data-mode="months"]').waitFor();
  await page.locator('[data-chart="revenue-chart-months"]').waitFor();
  check((await page.getByTestId('chart-months').getAttribute('aria-pressed')) === 'true', 'the month button is pressed');
  await h.shots(page, 'overview-months');
  await page.getByTestId('chart-days').click();
  await page.locator('[data-chart="revenue-chart-days"]').waitFor();
  await h.targets(page, '.owner-toggle button, .chart-table summary');
  await h.shots(page, 'overview');

  h.log('Sessions: both listed, a site filter, a search, the CSV of the filter');
  await page.getByTestId('nav-owner-sessions').click();
  await page.getByTestId('owner-sessions-page').waitFor();
  await page.locator(`[data-testid="owner-session"][data-session="${aker}"]`).waitFor();
  await page.locator(`[data-testid="owner-session"][data-session="${tromsoSession}"]`).waitFor();
  await h.shots(page, 'sessions');
  await page.getByTestId('sessions-site').selectOption('tromso-sentrum');
  await page.getByTestId('sessions-apply').click();
  await page.locator(`[data-testid="owner-session"][data-session="${aker}"]`).waitFor({ state: 'detached' });
  check((await page.locator(`[data-testid="owner-session"][data-session="${tromsoSession}"]`).count()) === 1, 'Tromsø\'s session is kept');
  await page.getByTestId('sessions-site').selectOption('');
  await page.getByTestId('sessions-q').fill(aker.slice(0, 8));
  await page.getByTestId('sessions-apply').click();
  await page.locator(`[data-testid="owner-session"][data-session="${tromsoSession}"]`).waitFor({ state: 'detached' });
  const found = await page.getByTestId('owner-session').evaluateAll((es) => es.map((e) => e.dataset.session));
  check(found.length === 1 && found[0] === aker, `the search finds Aker Brygge's session alone: ${found}`);
  const csvHref = await page.getByTestId('sessions-csv').getAttribute('href');
  check(csvHref.includes('/sessions/csv?') && csvHref.includes(`q=${aker.slice(0, 8)}`), `the CSV link has the filter: ${csvHref}`);
  const csv = await page.evaluate(async (href) => {
    const r = await fetch(href, { credentials: 'include' });
    return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
  }, csvHref);
  check(csv.status === 200 && csv.type.startsWith('text/csv'), `the CSV: ${csv.status} ${csv.type}`);
  const lines = csv.body.trim().split('\n');
  check(lines[0].startsWith('session,site,site_name,charger,'), `a header row: ${lines[0]}`);
  check(lines.length === 2 && lines[1].startsWith(aker), `one row, the session: ${csv.body}`);
  await h.targets(page, '.filters button, .filters select, .filters input, .filters a, .pager button');
  await h.shots(page, 'sessions-search');

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

  h.log('an admin picks an owner: Nordlys\'s sites, then Fjordlade\'s');
  await h.signOut(page);
  await h.signIn(page, ADMIN);
  await page.getByTestId('nav-owner').click();
  await page.getByTestId('owner-picker').waitFor();
  await page.getByTestId('owner-picker').selectOption('owner-nordlys');
  await page.locator('[data-testid="owner-site"][data-site="bergen-lagunen"]').waitFor();
  const nordlys = await page.getByTestId('owner-site').evaluateAll((es) => es.map((e) => e.dataset.site));
  for (const s of FJORDLADE) check(!nordlys.includes(s), `Fjordlade's ${s} is not Nordlys's`);
  await h.targets(page, '.owner-picker select');
  await h.shots(page, 'admin-picker');
  await page.getByTestId('owner-picker').selectOption('owner-fjordlade');
  await page.locator('[data-testid="owner-site"][data-site="tromso-sentrum"]').waitFor();
  await page.getByTestId('nav-owner-sessions').click();
  await page.getByTestId('owner-picker').waitFor();
  check((await page.getByTestId('owner-picker').inputValue()) === 'owner-fjordlade', 'the choice is kept across screens');
  await page.locator(`[data-testid="owner-session"][data-session="${aker}"]`).waitFor();
});

/** How many of Tromsø's chargers show both figures. */
async function tromso_charger_figures(page) {
  const chargers = page.locator('[data-testid="owner-site"][data-site="tromso-sentrum"] [data-testid="owner-charger"]');
  let n = 0;
  for (const c of await chargers.all()) {
    if ((await c.getByTestId('charger-uptime').count()) === 1 && (await c.getByTestId('charger-utilisation').count()) === 1) n += 1;
  }
  return n;
}
