// The technician's visits kept on the phone: two stores keyed by `id` — `drafts` (a work
// order as worked here) and `outbox` (what waits for the server, and what it answered). A
// record is `{ id, json, blob }`: the JSON text the app wrote and, for a photo, its Blob.
// Called from Rust (src/field/store.rs).
//
// In a browser: IndexedDB, database `ladeklar-field` (web-sys's IndexedDB binding is
// callback-shaped and larger than this). Inside the desktop or mobile shell: the app's data
// folder, through the shell's `field_store_*` commands (src-tauri/src/field_store.rs), the
// photo's bytes in base64.
const NAME = 'ladeklar-field';
let opened;

/** The shell's IPC, when the app runs inside it. */
const shell = () => globalThis.__TAURI_INTERNALS__;

async function base64Of(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** A record the shell read back, with its photo as a Blob again. */
function fromShell(r) {
  if (!r) return null;
  const blob = r.blob == null ? null : new Blob([Uint8Array.from(atob(r.blob), (c) => c.charCodeAt(0))], { type: r.blobType ?? '' });
  return { id: r.id, json: r.json, blob };
}

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

export async function storePut(store, id, json, blob) {
  if (shell()) {
    const photo = blob ? await base64Of(blob) : null;
    return shell().invoke('field_store_put', { store, id, json, blob: photo, blobType: blob ? blob.type : null });
  }
  return run(store, 'readwrite', (s) => s.put({ id, json, blob: blob ?? null }));
}

export function storeGet(store, id) {
  if (shell()) return shell().invoke('field_store_get', { store, id }).then(fromShell);
  return run(store, 'readonly', (s) => s.get(id)).then((r) => r ?? null);
}

export function storeAll(store) {
  if (shell()) return shell().invoke('field_store_all', { store }).then((all) => all.map(fromShell));
  return run(store, 'readonly', (s) => s.getAll());
}

export function storeDelete(store, id) {
  if (shell()) return shell().invoke('field_store_delete', { store, id });
  return run(store, 'readwrite', (s) => s.delete(id));
}
