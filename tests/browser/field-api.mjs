// A field visit set up through the JSON API, for the browser and desktop tests of issue 18:
// a driver's case on a charger walked to 3rd line (1st line escalates, 2nd line proposes a
// field action and escalates), and 3rd line books the technician's visit at the first hour
// the SLA window takes. No browser here: plain fetch against the demo server.
//
//   import { apiClient, bookVisit } from './field-api.mjs';
//   const { caseId, order, third } = await bookVisit(BASE, { charger: 'BERGEN-BRYGGEN-AC2' });

export const demoUser = (role) => ({ email: `${role}@demo.ladeklar.no`, password: `demo-pass-${role}` });

function check(ok, why) {
  if (!ok) throw new Error(why);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A signed-in API client (bearer token: no CSRF): `get(path)`, `post(path, body)`. */
export async function apiClient(base, role) {
  const who = demoUser(role);
  const r = await fetch(`${base}/api/v1/account/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password, bearer: true }),
  });
  check(r.ok, `sign-in ${role}: ${r.status}`);
  const { token } = await r.json();
  const call = async (method, path, body) => {
    const a = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const raw = await a.text();
    return { status: a.status, body: raw ? JSON.parse(raw) : null };
  };
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) };
}

/** A case on `charger` at 3rd line with 2nd line's proposal, and its visit booked for the technician. */
export async function bookVisit(base, { charger, technician = demoUser('technician').email, description }) {
  const [driver, first, second, third] = await Promise.all(
    ['driver', 'support-first', 'support-second', 'support-third'].map((role) => apiClient(base, role)),
  );
  const made = await driver.post('/cases', {
    category: 'physical_damage',
    description: description ?? 'The cable holster is cracked and the connector will not lock',
    charger_id: charger,
    connector_id: 1,
  });
  check(made.status === 201, `case: ${made.status} ${JSON.stringify(made.body)}`);
  const id = made.body.id;
  // The fault analysis comes from the server's jobs; 60 s is a guard, not a measure.
  for (let tries = 0; ; tries++) {
    const c = await third.get(`/cases/${id}`);
    if (c.body?.timeline?.some((e) => e.kind === 'analysis')) break;
    check(tries < 240, 'the fault analysis never came');
    await sleep(250);
  }
  const events = `/support/cases/${id}/events`;
  for (const [who, event] of [
    [first, { event: 'escalate_to_second_line', reason: 'needs 2nd line' }],
    [second, { event: 'propose_field_action', proposal: { summary: 'Replace the charging cable and its holster', parts: [{ part: 'Contactor', quantity: 1 }], skills: ['authorised electrician'], estimated_on_site_minutes: 60 } }],
    [second, { event: 'escalate_to_third_line' }],
  ]) {
    const r = await who.post(events, event);
    check(r.status === 200, `${event.event}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  // The first hour the SLA window takes (business hours, holidays, the on-site deadline).
  const start = new Date(Math.ceil((Date.now() + 5 * 60_000) / 300_000) * 300_000);
  for (let hour = 0; hour < 24 * 8; hour++) {
    const at = new Date(start.getTime() + hour * 3_600_000);
    const r = await third.post(`/support/cases/${id}/work-orders`, {
      technician,
      starts_at: at.toISOString(),
      ends_at: new Date(at.getTime() + 60 * 60_000).toISOString(),
      customer_agreement: 'Kari meets the technician at the garage entrance',
      expected_parts: [{ part: 'Contactor', quantity: 1 }],
    });
    if (r.status === 201) return { caseId: id, order: r.body, third };
    check(r.status === 400 && String(r.body?.code).startsWith('slot_'), `booking: ${r.status} ${JSON.stringify(r.body)}`);
  }
  throw new Error('no slot in the SLA window within 8 days');
}
