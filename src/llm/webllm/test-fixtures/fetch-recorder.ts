/// <reference lib="webworker" />
/**
 * TEST ONLY: announces every URL this worker requests on the `l4r-test-fetch-log` channel, and
 * keeps the test hermetic: requests to any other origin than the test server fail as they would
 * offline, so a machine with internet never starts downloading gigabytes of weights.
 */
export const FETCH_LOG_CHANNEL = 'l4r-test-fetch-log';

const channel = new BroadcastChannel(FETCH_LOG_CHANNEL);
const absolute = (input: RequestInfo | URL): string =>
  new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, self.location.href).href;
const offline = (url: string): boolean => new URL(url).origin !== self.location.origin;

const realFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = absolute(input);
  channel.postMessage({ via: 'fetch', url });
  if (offline(url)) throw new TypeError('Failed to fetch');
  return realFetch(input, init);
};

const realAdd = Cache.prototype.add;
Cache.prototype.add = async function add(this: Cache, request: RequestInfo | URL) {
  const url = absolute(request);
  channel.postMessage({ via: 'cache.add', url });
  // Chromium's own wording when Cache.add cannot fetch.
  if (offline(url)) throw new TypeError("Failed to execute 'add' on 'Cache': Request failed");
  return realAdd.call(this, request);
};
