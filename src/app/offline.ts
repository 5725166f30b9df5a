/**
 * Registers public/sw.js (production builds only: the dev server serves modules that change on
 * every edit) and hands it the URLs this page loaded before it took control, so the next visit
 * works with the network off. Failure to register only costs the offline mode, so it is logged.
 */
export async function enableOffline(): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return false;
  try {
    // Relative to the page, so a build served from a sub-path registers its own worker.
    await navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' });
    await navigator.serviceWorker.ready;
    cacheLoadedFiles();
    return true;
  } catch (error) {
    console.warn('Offline mode is unavailable: the service worker did not register.', error);
    return false;
  }
}

/**
 * Asks the service worker to keep every same-origin file this page has loaded so far. Called at
 * start and again when lazily loaded parts (TF.js, the model-cache check, workers) have arrived.
 */
export function cacheLoadedFiles(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const worker = navigator.serviceWorker.controller;
  if (!worker) return;
  const urls = [document.baseURI, ...performance.getEntriesByType('resource').map((entry) => entry.name)].filter(
    (url) => new URL(url).origin === location.origin,
  );
  worker.postMessage({ type: 'l4r-cache-urls', urls });
}
