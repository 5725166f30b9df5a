/*
 * The demo's service worker: after one visit the app's own files are served from a cache when
 * the network is off (the data and models are in IndexedDB and WebLLM's own cache already).
 * Network first, so a new deployment is picked up whenever the network is there; only GET
 * requests to this origin are touched (model weights from their host are WebLLM's business).
 */
const CACHE = 'l4r-app-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// The page sends the URLs it loaded before this worker controlled it, to be cached too.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'l4r-cache-urls' ? event.data.urls : null;
  if (!Array.isArray(urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of urls) {
        if (typeof url !== 'string' || new URL(url).origin !== self.location.origin) continue;
        if (await cache.match(url, { ignoreVary: true })) continue;
        try {
          const response = await fetch(url);
          if (response.ok) await cache.put(url, response);
        } catch {
          // Offline already: nothing to add now.
        }
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
        return response;
      } catch (error) {
        // ignoreVary: servers add "Vary: Origin", and module scripts carry an Origin header that
        // the page's own list (fetched here without one) does not.
        const cached = await cache.match(request, { ignoreVary: true, ignoreSearch: request.mode === 'navigate' });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});
