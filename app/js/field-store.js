// The technician's visits kept on the phone: IndexedDB, database `ladeklar-field`, two stores
// keyed by `id` — `drafts` (a work order as worked here) and `outbox` (what waits for the
// server, and what it answered). A record is `{ id, json, blob }`: the JSON text the app
// wrote and, for a photo, its Blob. Called from Rust (src/field/store.rs); web-sys's
// IndexedDB binding is callback-shaped and larger than this.
const NAME = 'ladeklar-field';
let opened;

function db() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, 1);
      req.onupgradeneeded = () => {
        for (const store of ['drafts', 'outbox']) {
          if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store, { keyPath: 'id' });
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        opened = undefined;
        reject(req.error);
      };
    });
  }
  return opened;
}

async function run(store, mode, work) {
  const tx = (await db()).transaction(store, mode);
  const req = work(tx.objectStore(store));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function storePut(store, id, json, blob) {
  return run(store, 'readwrite', (s) => s.put({ id, json, blob: blob ?? null }));
}

export function storeGet(store, id) {
  return run(store, 'readonly', (s) => s.get(id)).then((r) => r ?? null);
}

export function storeAll(store) {
  return run(store, 'readonly', (s) => s.getAll());
}

export function storeDelete(store, id) {
  return run(store, 'readwrite', (s) => s.delete(id));
}
