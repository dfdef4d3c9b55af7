/// <reference lib="webworker" />
/**
 * The service worker: keeps the app itself (the page, its scripts and
 * styles) in a cache so that the workbench opens without a network, where
 * the documents come from IndexedDB and edits wait for the connection.
 * Pages and assets are fetched from the network first, so a new build is
 * picked up as soon as the server is reachable. API calls and sync sockets
 * are never cached here.
 */
export {};

declare const self: ServiceWorkerGlobalScope;

/** The cache of the app shell. */
const SHELL_CACHE = 'glossa-shell-v1';

/** The URLs of the scripts, styles and icons an `index.html` refers to. */
function assetUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="(\/[^"]+)"/g)) {
    const url = match[1];
    if (url !== undefined && !url.startsWith('//')) urls.add(url);
  }
  return [...urls];
}

async function cacheShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const response = await fetch('/index.html', { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put('/index.html', response);
  await cache.addAll(assetUrls(html));
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('glossa-shell-') && key !== SHELL_CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** Network first; on success the answer replaces the cached copy, without a network the cached copy answers. */
async function networkFirst(request: Request, cacheKey: string): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey);
    if (cached !== undefined) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, '/index.html'));
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
