/* Kiosk service worker, served at /sw.js (scope "/").
 *
 * Install: precache every page of the current release in every language plus the static assets
 * (the list comes from /precache.json); all or nothing, so a half-filled cache never replaces a
 * complete one. Pages are served network-first with a short timeout (a stalled server counts as
 * down) and fall back to the cache; static assets (/assets/ under content-hashed names, /static/)
 * are served from the cache first.
 * The server writes the release into VERSION, so a new release installs a new worker and cache.
 */
"use strict";
var VERSION = "__KIOSK_VERSION__";
var CACHE = "kiosk-" + VERSION;
var NETWORK_TIMEOUT_MS = 3000;
var BATCH = 8;
var BYPASS = ["/kiosk-status", "/kiosk-events", "/sw.js", "/precache.json", "/healthz"];

function addInBatches(cache, urls) {
  var index = 0;
  function next() {
    var part = urls.slice(index, index + BATCH);
    index += BATCH;
    if (!part.length) return Promise.resolve();
    return cache.addAll(part.map(function (url) { return new Request(url, { cache: "no-store" }); })).then(next);
  }
  return next();
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch("/precache.json", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("precache list: HTTP " + response.status);
        return response.json();
      })
      .then(function (list) {
        return caches.open(CACHE).then(function (cache) {
          return addInBatches(cache, list.assets.concat(list.pages));
        });
      })
      .then(function () { return self.skipWaiting(); })
      .catch(function (error) {
        // Drop the partial cache; the worker already active keeps its complete one.
        return caches.delete(CACHE).then(function () { throw error; });
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kiosk-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true });
  }).then(function (hit) {
    return hit || caches.match(request, { ignoreSearch: true });
  });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
                 function (error) { clearTimeout(timer); reject(error); });
  });
}

function networkFirst(request) {
  var failed = null;
  return withTimeout(fetch(request), NETWORK_TIMEOUT_MS).then(function (response) {
    if (response.status >= 500) {
      failed = response;
      throw new Error("server error " + response.status);
    }
    // A page sent with no-store (the report pages) is never kept: nothing of a traveller's report
    // may stay on the terminal for the next one.
    if (response.ok && response.type === "basic" && !/no-store/.test(response.headers.get("Cache-Control") || "")) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function (error) {
    return fromCache(request).then(function (hit) {
      if (hit) return hit;
      if (failed) return failed;
      // A page never cached (e.g. opened for the first time while offline): show the start screen.
      return caches.match("/").then(function (start) {
        if (start) return start;
        throw error;
      });
    });
  });
}

function cacheFirst(request) {
  return fromCache(request).then(function (hit) {
    return hit || fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (BYPASS.indexOf(url.pathname) !== -1 || url.pathname.indexOf("/admin") === 0 || url.pathname.indexOf("/api/") === 0) {
    return;
  }
  if (url.pathname.indexOf("/assets/") === 0 || url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" || request.destination === "document") {
    event.respondWith(networkFirst(request));
  }
});
