// Ladeklar's service worker: the app loads again without a connection (the technician's
// visit, issue 18). Registered by index.html and staff.html; scope `/`.
// - Pages (navigations): network first; the last page of each build kept as its shell (the
//   staff build's for the staff screens' addresses), served offline at any of its addresses.
//   A new deploy is seen on the first load with a connection.
// - The builds' files whose names carry trunk's content hash: cache first (a new build has
//   new names, so a stale file cannot stick). Other files: network first.
// - The API: the few reads the technician's day needs offline (who is signed in, the work
//   orders, a service card) network first with the last answer kept; everything else,
//   writes included, goes to the network untouched. Signing out forgets the kept answers.
const CACHE = 'ladeklar-v1';
const STAFF = /^\/(support|admin|operations|owner|field)(\/|$)/;
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
const API_KEPT = /^\/api\/v1\/(account|work-orders|sites\/[^/]+\/service-card)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function networkFirst(request, keys) {
  const cache = await caches.open(CACHE);
  try {
    const answer = await fetch(request);
    // A refusal (signed out) is no answer to keep: the old one goes too.
    for (const key of keys) await (answer.ok ? cache.put(key, answer.clone()) : cache.delete(key));
    return answer;
  } catch (offline) {
    for (const key of keys) {
      const kept = await cache.match(key);
      if (kept) return kept;
    }
    throw offline;
  }
}

async function page(request) {
  const url = new URL(request.url);
  // One page per build: the app routes every address itself.
  const shell = STAFF.test(url.pathname) ? '/__shell/staff' : '/__shell/driver';
  const cache = await caches.open(CACHE);
  try {
    const answer = await fetch(request);
    if (answer.ok) await cache.put(shell, answer.clone());
    return answer;
  } catch (offline) {
    const kept = await cache.match(shell);
    if (kept) return kept;
    throw offline;
  }
}

async function forgetAnswers() {
  const cache = await caches.open(CACHE);
  for (const key of await cache.keys()) {
    if (new URL(key.url).pathname.startsWith('/api/')) await cache.delete(key);
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && /^\/api\/v1\/account\/sign-out/.test(url.pathname)) {
    event.waitUntil(forgetAnswers());
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith('/api/')) {
    if (API_KEPT.test(url.pathname) && !url.search) event.respondWith(networkFirst(request, [url.pathname]));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (/\.(js|wasm|css)$/.test(url.pathname) && !url.pathname.startsWith('/map/')) {
    event.respondWith(networkFirst(request, [request]));
  }
});
