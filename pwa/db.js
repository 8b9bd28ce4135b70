/* The IndexedDB layer, shared by the page (imported as a module) and the service worker
   (importScripts): it only touches globalThis, so it runs the same in both. */
(function (g) {
  if (g.MPPdb) return; // loaded twice (the first screen's bundle, then a later module): keep the first
  const NAME = "mpp-digital";
  const VERSION = 1;
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, VERSION);
        request.onupgradeneeded = (event) => {
          const db = request.result;
          if (event.oldVersion < 1) {
            db.createObjectStore("kv"); // auth {access_token, csrf_token, user}, settings
            const outbox = db.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
            outbox.createIndex("key", "key", { unique: true });
            db.createObjectStore("drafts"); // unsent form answers per service
          }
        };
        request.onsuccess = () => {
          const db = request.result;
          db.onversionchange = () => {
            db.close();
            opening = null;
          };
          resolve(db);
        };
        request.onerror = () => {
          opening = null;
          reject(request.error);
        };
      });
    }
    return opening;
  }

  async function run(store, mode, action) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      let result;
      const request = action(tx.objectStore(store));
      if (request) request.onsuccess = () => (result = request.result);
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    });
  }

  g.MPPdb = {
    get: (store, key) => run(store, "readonly", (s) => s.get(key)),
    all: (store) => run(store, "readonly", (s) => s.getAll()),
    put: (store, value, key) => run(store, "readwrite", (s) => (key === undefined ? s.put(value) : s.put(value, key))),
    add: (store, value) => run(store, "readwrite", (s) => s.add(value)),
    delete: (store, key) => run(store, "readwrite", (s) => s.delete(key)),
    clear: (store) => run(store, "readwrite", (s) => s.clear()),
  };
})(globalThis);
