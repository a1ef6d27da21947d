// Accounts in a real browser (Debian's Chromium via playwright-core), against a server that
// mails through a real SMTP server on 127.0.0.1 (aiosmtpd keeping the mails in a Maildir):
//   a new driver signs up → opens the link from the mail → signs in → charges on a demo
//   charger → stops → sees the receipt → signs out; forgets the password → the mailed reset
//   link → a new password → signs in with it; the demo admin sees the Users list and the
//   audit log. Screenshots of sign-in, sign-up, account, users and audit log at 390×844 and
//   1280×800.
//
//   LADEKLAR_URL=http://127.0.0.1:8080 LADEKLAR_MAILDIR=/tmp/mail node tests/browser/accounts.spec.mjs
// Optional: CHROMIUM, LADEKLAR_SHOTS (default /tmp/ladeklar-shots); see harness.mjs.
//
// Fails (non-zero exit) on any page error, any console error not expected, and on timeouts.

import { demoUser, harness } from './harness.mjs';
import { waitForLink } from './mailbox.mjs';

const h = harness('accounts');
const MAILDIR = process.env.LADEKLAR_MAILDIR;
if (!MAILDIR) {
  console.error('accounts: set LADEKLAR_MAILDIR (the SMTP server\'s Maildir)');
  process.exit(2);
}
const LIVE_TIMEOUT_MS = 120_000;
const ADMIN = demoUser('admin');
const mailsSeen = new Set();

/** Polls `read` until `ok(value)`; returns the value, or throws after `ms`. */
async function waitFor(what, read, ok, ms = LIVE_TIMEOUT_MS) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await read();
    if (ok(last)) return last;
    h.checkProblems(`while waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

/** A new driver: sign up, the link from the mail, sign in. */
async function signUp(page, email, password) {
  await page.goto(`${h.BASE}/account/sign-in`);
  await page.getByTestId('sign-up-link').click();
  await page.getByTestId('sign-up-page').waitFor();
  // A password the server refuses, in words.
  h.expectOnce(/400/);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Choose a password').fill('short');
  await page.getByTestId('sign-up-submit').click();
  const weak = page.getByTestId('error');
  await weak.waitFor();
  if ((await weak.getAttribute('data-code')) !== 'weak_password') {
    throw new Error(`a short password shows ${await weak.getAttribute('data-code')}`);
  }
  h.log(`weak password: "${(await weak.locator('.notice-words').textContent())?.trim()}"`);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByTestId('sign-up-submit').click();
  await page.getByTestId('sign-up-sent').waitFor();
  h.log(`signed up ${email}`);

  const link = await waitForLink(MAILDIR, email, '/account/verify', mailsSeen);
  h.log(`verification link ${link}`);
  await page.goto(link);
  await page.getByTestId('email-confirmed').waitFor();
  await page.getByTestId('verified-sign-in').click();
  // A wrong password first: the server's answer in words.
  h.expectOnce(/401/);
  await page.getByTestId('sign-in-page').waitFor();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(`${password}-wrong`);
  await page.getByTestId('sign-in-submit').click();
  const wrong = page.getByTestId('error');
  await wrong.waitFor();
  if ((await wrong.getAttribute('data-code')) !== 'invalid_credentials') {
    throw new Error(`a wrong password shows ${await wrong.getAttribute('data-code')}`);
  }
  await h.fillSignIn(page, { email, password });
  await page.getByTestId('account-page').waitFor();
  const verified = await page.getByTestId('account-verified').getAttribute('data-verified');
  if (verified !== 'true') throw new Error(`the account page says the e-mail is not confirmed: "${await page.getByTestId('account-verified').textContent()}"`);
  h.log('signed in; the account page shows the confirmed address');
  h.checkProblems('while signing up');
}

/** Start on a free demo connector, watch it charge, stop, see the receipt. */
async function charge(page) {
  await page.getByTestId('nav-chargers').click();
  const free = page.locator('[data-testid="charger-card"]:has([data-testid="connector-status"][data-status="available"])');
  await free.first().waitFor({ timeout: 60_000 });
  await free.first().locator('a').first().click();
  await page.getByTestId('charger-detail').waitFor();
  await page.getByTestId('start-button').first().click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
  const live = page.getByTestId('live-session');
  await live.waitFor();
  await waitFor(
    'the session to be charging',
    async () => ({
      status: await live.getAttribute('data-status'),
      energy: (await page.getByTestId('live-energy').textContent())?.trim(),
    }),
    (v) => v.status === 'charging' && Number.parseFloat(v.energy) > 0,
  );
  h.log('charging');
  await page.getByTestId('stop-button').click();
  await page.getByTestId('receipt').waitFor({ timeout: LIVE_TIMEOUT_MS });
  const total = (await page.getByTestId('receipt-total').textContent())?.trim();
  h.log(`receipt: ${total}`);
  h.checkProblems('while charging');
}

/** Forgot password → the mailed link → a new password → sign in with it. */
async function resetPassword(page, email, newPassword) {
  await page.goto(`${h.BASE}/account/sign-in`);
  await page.getByTestId('forgot-link').click();
  await page.getByTestId('forgot-page').waitFor();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByTestId('forgot-submit').click();
  await page.getByTestId('reset-sent').waitFor();
  const link = await waitForLink(MAILDIR, email, '/account/reset', mailsSeen);
  h.log(`reset link ${link}`);
  await page.goto(link);
  await page.getByTestId('reset-page').waitFor();
  await page.getByLabel('New password').fill(newPassword);
  await page.getByTestId('reset-submit').click();
  await page.getByTestId('reset-done').waitFor();
  await page.getByTestId('reset-sign-in').click();
  await h.fillSignIn(page, { email, password: newPassword });
  h.log('signed in with the new password');
  // The link is single-use.
  h.expectOnce(/400/);
  await page.goto(link);
  await page.getByLabel('New password').fill(`${newPassword}-again`);
  await page.getByTestId('reset-submit').click();
  const used = page.getByTestId('error');
  await used.waitFor();
  if ((await used.getAttribute('data-code')) !== 'link_invalid') {
    throw new Error(`a used reset link shows ${await used.getAttribute('data-code')}`);
  }
  h.log('a used reset link is refused in words');
  await h.signOut(page);
  h.checkProblems('while resetting the password');
}

/** The demo admin: Users and the audit log; screenshots of the staff screens. */
async function admin(page) {
  // A page that needs an account, visited signed out: the prompt, then back to it.
  await page.goto(`${h.BASE}/admin/users`);
  await page.getByTestId('sign-in-prompt').waitFor();
  await page.getByTestId('prompt-sign-in').click();
  await h.fillSignIn(page, ADMIN);
  await page.waitForURL(/\/admin\/users$/);
  const list = page.getByTestId('user-list');
  await list.waitFor();
  await page.locator('[data-testid="user"][data-email="driver@demo.ladeklar.no"]').waitFor();
  const count = await page.getByTestId('user').count();
  h.log(`admin sees ${count} users`);
  const face = await page.getByTestId('face-nav').getAttribute('data-face');
  if (face !== 'admin') throw new Error(`the admin's first face is ${face}`);
  await h.shots(page, 'users', { both: false });
  await manageUsers(page);

  await page.getByTestId('nav-admin-audit').click();
  await page.getByTestId('audit-entry').first().waitFor();
  h.log(`audit log shows ${await page.getByTestId('audit-entry').count()} entries`);
  await h.shots(page, 'audit-log', { both: false });

  await page.getByTestId('nav-operations').click();
  await page.getByTestId('stuck-sessions').waitFor();
  await page.getByTestId('quarantine').waitFor();
  await h.shots(page, 'operations', { both: false });

  await page.getByTestId('nav-account').click();
  await page.getByTestId('account-page').waitFor();
  await h.shots(page, 'account', { both: false });

  // The driver's face: the switch, kept over a reload.
  await page.getByTestId('face-switch').selectOption('driver');
  await page.getByTestId('nav-chargers').waitFor();
  await page.reload();
  await page.getByTestId('nav-chargers').waitFor();
  if ((await page.getByTestId('face-nav').getAttribute('data-face')) !== 'driver') {
    throw new Error('the chosen face was not kept over a reload');
  }
  await page.getByTestId('face-switch').selectOption('admin');
  await page.getByTestId('nav-admin-users').waitFor();
  h.log('face switch: driver, kept over a reload, and back');
  await h.signOut(page);
  h.checkProblems('as the admin');
}

/** The driver's account page: change the password, download the data, delete the account. */
async function accountChores(page, email, password) {
  await page.goto(`${h.BASE}/account/sign-in`);
  await h.fillSignIn(page, { email, password });
  await page.getByTestId('account-page').waitFor();

  const changed = `${password}-changed`;
  await page.getByLabel('Current password').fill(password);
  await page.getByLabel('New password').fill(changed);
  await page.getByTestId('change-password-submit').click();
  await page.getByTestId('password-changed').waitFor();
  h.log('password changed (a cookie-signed POST with the CSRF header)');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-data').click()]);
  if (download.suggestedFilename() !== 'ladeklar-data.json') {
    throw new Error(`the data download is named ${download.suggestedFilename()}`);
  }
  const path = await download.path();
  const data = JSON.parse((await import('node:fs')).readFileSync(path, 'utf8'));
  if (data.account?.email !== email) throw new Error(`the export is about ${data.account?.email}`);
  h.log(`data downloaded: ${data.sessions?.length ?? 0} session(s), ${data.security_events?.length ?? 0} security event(s)`);

  // Deleting needs the password: a wrong one is refused in words, the right one deletes.
  h.expectOnce(/401/);
  await page.getByLabel('Your password, to confirm').fill('not-my-password');
  await page.getByTestId('delete-account-submit').click();
  const refused = page.locator('.panel-danger [data-testid="error"]');
  await refused.waitFor();
  if ((await refused.getAttribute('data-code')) !== 'invalid_credentials') {
    throw new Error(`a wrong password to delete shows ${await refused.getAttribute('data-code')}`);
  }
  await page.getByLabel('Your password, to confirm').fill(changed);
  await page.getByTestId('delete-account-submit').click();
  await page.getByTestId('account-deleted').waitFor();
  await page.getByTestId('header-sign-in').waitFor();
  h.log('account deleted; signed out');
  h.checkProblems('on the account page');
}

/** A support agent: the Operations screens, not the admin's. */
async function support(page) {
  await page.goto(`${h.BASE}/account/sign-in?next=%2Foperations`);
  await h.fillSignIn(page, demoUser('support-first'));
  await page.waitForURL(/\/operations$/);
  await page.getByTestId('stuck-sessions').waitFor();
  if ((await page.getByTestId('face-nav').getAttribute('data-face')) !== 'support') throw new Error('support does not see the support face');
  if ((await page.getByTestId('nav-admin-users').count()) !== 0) throw new Error('support sees the Users screen');
  await page.goto(`${h.BASE}/admin/users`);
  await page.getByTestId('not-allowed').waitFor();
  h.log('support sees Operations, and Users is not for them');
  await h.signOut(page);
  h.checkProblems('as support');
}

/** The admin adds a staff member, changes their roles, disables and enables them. */
async function manageUsers(page) {
  const staff = `staff-${Date.now().toString(36)}@example.test`;
  await page.getByLabel('E-mail address').fill(staff);
  await page.locator('#new-user-support').check();
  await page.locator('#new-user-line').selectOption('second');
  await page.getByTestId('add-user-submit').click();
  await page.getByTestId('user-added').waitFor();
  const item = page.locator(`[data-testid="user"][data-email="${staff}"]`);
  await item.waitFor();
  const roles = (await item.getByTestId('user-roles').textContent())?.trim();
  if (roles !== 'Support (2nd line)') throw new Error(`the new user's roles read "${roles}"`);
  const invite = await waitForLink(MAILDIR, staff, '/account/reset', mailsSeen);
  h.log(`added ${staff} (support, 2nd line); their mail links to ${new URL(invite).pathname}`);

  await item.getByTestId('edit-roles').click();
  await item.locator('input[type="checkbox"][data-testid="role-technician"]').check();
  await item.locator('input[type="checkbox"][data-testid="role-support"]').uncheck();
  await item.getByTestId('save-roles').click();
  await item.getByTestId('user-roles').filter({ hasText: /^Technician$/ }).waitFor();
  await item.getByTestId('toggle-disabled').click();
  await page.locator(`[data-testid="user"][data-email="${staff}"][data-disabled="true"]`).waitFor();
  await item.getByTestId('toggle-disabled').click();
  await page.locator(`[data-testid="user"][data-email="${staff}"][data-disabled="false"]`).waitFor();
  h.log('roles changed to technician; disabled and enabled again');
  h.checkProblems('while managing users');
}

h.run(async () => {
  const page = await h.openPage({ acceptDownloads: true });

  await page.goto(`${h.BASE}/account/sign-in`);
  await page.getByTestId('sign-in-page').waitFor();
  await page.getByTestId('header-sign-in').waitFor();
  await h.shots(page, 'sign-in', { both: false });
  // In bokmål, and back.
  await page.getByTestId('lang-nb').click();
  await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
  await page.getByText('Glemt passordet?').waitFor();
  await page.getByTestId('lang-en').click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // Offline: a banner says so, and leaves when the connection is back.
  await page.context().setOffline(true);
  await page.getByTestId('offline').waitFor();
  await page.context().setOffline(false);
  await page.getByTestId('offline').waitFor({ state: 'detached' });
  h.log('sign-in page in bokmål; the offline banner comes and goes');
  await page.goto(`${h.BASE}/account/sign-up`);
  await page.getByTestId('sign-up-page').waitFor();
  await h.shots(page, 'sign-up', { both: false });

  const stamp = Date.now().toString(36);
  const email = `driver-${stamp}@example.test`;
  const password = `plug-in-and-charge-${stamp}`;
  await signUp(page, email, password);
  await charge(page);
  await h.signOut(page);
  h.log('signed out');
  await resetPassword(page, email, `${password}-renewed`);
  await admin(page);
  await support(page);
  await accountChores(page, email, `${password}-renewed`);

  await page.waitForTimeout(500);
});
