/* Browser-level resilience and anonymous reporting for the kiosk page.
 *
 * - Registers the service worker (/sw.js) that precaches every page of the current release, when the
 *   server asks for it (body[data-offline]); otherwise removes any old registration.
 * - Polls /kiosk-status: when the server shows a newer release, a queued reload command arrived, the
 *   "not synced" notice changed or an urgent notice began or ended, the page refreshes itself (after a
 *   quiet moment).
 * - On terminals (body[data-report]): reports page opens, new sessions, idle resets, the words of
 *   finished searches and JavaScript errors to the local server. Nothing personal: a page path, a language, a time.
 * Loaded in <head> without defer so that it catches errors from the scripts after it.
 */
(function () {
  "use strict";
  var QUEUE_KEY = "kiosk.outbox";
  var MAX_QUEUE = 200;
  var MAX_ERRORS = 10;
  var QUIET_MS = 15000;
  var PAGE_RE = /^\/(ky|ru|en)\/(hotlines|office|topics\/[a-z0-9-]{1,80}(\/[a-z0-9-]{1,80})?)?$/;
  var SEARCH_RE = /^\/(ky|ru|en)\/search$/;
  var errorsSent = 0;
  var lastActivity = 0;
  var leaving = false; // from pagehide until the page is shown again (back/forward cache)
  var lastInteractionSent = 0;
  var reportUrl = null;

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }

  function writeQueue(items) {
    try { localStorage.setItem(QUEUE_KEY, JSON.stringify(items.slice(-MAX_QUEUE))); } catch (e) { /* full or disabled */ }
  }

  function queue(event) {
    if (!reportUrl) return;
    event.t = Date.now();
    var items = readQueue();
    items.push(event);
    writeQueue(items);
  }

  // Take the queue out before sending, put it back only on a known failure: a page that unloads
  // mid-request never sends the same event twice.
  function flush() {
    if (!reportUrl) return;
    var items = readQueue();
    if (!items.length) return;
    var batch = items.slice(0, 50);
    writeQueue(items.slice(50));
    fetch(reportUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ events: batch }),
      keepalive: true,
      credentials: "same-origin"
    }).then(function (response) {
      // 4xx means the server will never take these events: drop them rather than loop.
      if (response.status >= 500) writeQueue(batch.concat(readQueue()));
    }, function () {
      // A page that is going away sees its pending requests fail, yet the browser still delivers them
      // (keepalive): put back, they would go again from the next page and be counted twice.
      if (!leaving) writeQueue(batch.concat(readQueue()));
    });
  }

  function onError(message, source, line) {
    if (errorsSent >= MAX_ERRORS) return;
    errorsSent += 1;
    var path = "";
    try { path = source ? new URL(source, location.href).pathname : ""; } catch (e) { path = ""; }
    queue({ type: "error", message: String(message || "").slice(0, 300), source: path.slice(0, 200),
            line: parseInt(line, 10) || 0, path: location.pathname.slice(0, 200) });
    flush();
  }

  window.addEventListener("error", function (event) {
    if (event && event.message) onError(event.message, event.filename, event.lineno);
  });
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event && event.reason;
    onError("Unhandled rejection: " + (reason && reason.message ? reason.message : String(reason)), "", 0);
  });

  function session(key, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(key);
      if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
    } catch (e) { /* storage disabled */ }
    return null;
  }

  function activity() {
    lastActivity = Date.now();
    if (reportUrl && lastActivity - lastInteractionSent > 60000) {
      lastInteractionSent = lastActivity;
      queue({ type: "interaction" });
    }
  }

  function reportPage() {
    var path = location.pathname;
    var autoreload = session("kiosk.autoreload") === "1";
    session("kiosk.autoreload", null);
    if (!PAGE_RE.test(path) || document.querySelector(".error-box")) return;
    if (!session("kiosk.session")) {
      session("kiosk.session", "1");
      queue({ type: "session", path: path });
    }
    // A refresh the page did by itself (new release, reload command) is not a traveller's visit.
    if (!autoreload) queue({ type: "view", path: path });
  }

  // ---- service worker and self-refresh ----
  var registration = null;
  var pollSeconds = 30;
  var pollTimer = null;
  var baseReload = null;
  var polls = 0;

  function registerWorker(url) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(url, { scope: "/" }).then(function (reg) {
      registration = reg;
    }, function (err) {
      onError("service worker registration failed: " + (err && err.message), "", 0);
    });
  }

  function unregisterWorkers() {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.getRegistrations) return;
    navigator.serviceWorker.getRegistrations().then(function (regs) {
      regs.forEach(function (reg) { reg.unregister(); });
    });
  }

  function refresh() {
    var tries = parseInt(session("kiosk.refreshes") || "0", 10);
    // A mismatch that reloading does not fix: retry only now and then instead of looping.
    if (tries >= 3 && polls % 10 !== 0) return;
    session("kiosk.refreshes", String(tries + 1));
    session("kiosk.autoreload", "1");
    flush();
    var reload = function () { location.reload(); };
    if (registration && registration.update) {
      var timer = setTimeout(reload, 5000);
      registration.update().then(function () { clearTimeout(timer); reload(); },
                                 function () { clearTimeout(timer); reload(); });
    } else {
      reload();
    }
  }

  function schedule() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, pollSeconds * 1000);
  }

  function poll() {
    polls += 1;
    flush();
    fetch("/kiosk-status", { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (status) {
      if (status.poll > 0) pollSeconds = status.poll;
      var body = document.body;
      var stale = (status.content_hash || "") !== (body.getAttribute("data-release") || "");
      var notice = (status.notice ? "1" : "0") !== (body.getAttribute("data-notice") || "0");
      // An urgent notice began or ended (central sent it, or its end time passed on this clock).
      var urgent = typeof status.urgent === "string" && status.urgent !== (body.getAttribute("data-urgent") || "");
      if (baseReload === null) baseReload = status.reload;
      var commanded = status.reload !== baseReload;
      if (stale || notice || urgent || commanded) {
        if (Date.now() - lastActivity >= QUIET_MS || commanded) {
          refresh();
          return;
        }
      } else {
        session("kiosk.refreshes", null);
      }
      schedule();
    }).catch(function () {
      // Server down or restarting: keep showing this page and look again soon.
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = setTimeout(poll, Math.min(pollSeconds, 5) * 1000);
    });
  }

  function start() {
    var body = document.body;
    reportUrl = body.getAttribute("data-report");
    var worker = body.getAttribute("data-offline");
    if (worker) registerWorker(worker); else unregisterWorkers();
    ["pointerdown", "keydown", "touchstart", "wheel"].forEach(function (type) {
      window.addEventListener(type, activity, { passive: true, capture: true });
    });
    document.addEventListener("kiosk:idle-reset", function () {
      if (PAGE_RE.test(location.pathname)) queue({ type: "idle_reset", path: location.pathname });
      flush();
    });
    window.addEventListener("pagehide", function () { leaving = true; flush(); });
    window.addEventListener("pageshow", function () { leaving = false; });
    // search.js: the words a traveller searched, once they are done with them (anonymous, no session).
    document.addEventListener("kiosk:search", function (event) {
      var q = event.detail && event.detail.q;
      if (typeof q === "string" && q && SEARCH_RE.test(location.pathname)) {
        queue({ type: "search", path: location.pathname, q: q.slice(0, 100) });
        flush();
      }
    });
    reportPage();
    flush();
    if (worker || reportUrl) {
      pollTimer = setTimeout(poll, 2000);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
