/* Kiosk behaviour: display options, Back as the previous screen, the idle timeout that returns to the
 * language screen with a clean history, and the "more topics below" sign on Home. */
(function () {
  "use strict";
  var root = document.documentElement;
  var body = document.body;

  function setPref(name, on) {
    root.classList.toggle(name, on);
    try { sessionStorage.setItem("kiosk." + name, on ? "1" : "0"); } catch (e) { /* ignore */ }
  }

  document.querySelectorAll("[data-toggle]").forEach(function (button) {
    var name = button.getAttribute("data-toggle");
    button.setAttribute("aria-pressed", root.classList.contains(name) ? "true" : "false");
    button.addEventListener("click", function () {
      var on = !root.classList.contains(name);
      setPref(name, on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      measureBars();
      document.dispatchEvent(new CustomEvent("kiosk:display-changed"));
    });
  });

  // The display options sit behind one labelled button; a tap elsewhere or Escape closes them.
  var displayButton = document.getElementById("display-button");
  var displayPanel = document.getElementById("display-options");
  function showOptions(open) {
    if (!displayButton || !displayPanel) return;
    displayPanel.hidden = !open;
    displayButton.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (displayButton && displayPanel) {
    displayButton.addEventListener("click", function () { showOptions(displayPanel.hidden); });
    document.addEventListener("click", function (event) {
      if (!displayPanel.hidden && !event.target.closest(".display")) showOptions(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !displayPanel.hidden) { showOptions(false); displayButton.focus(); }
    });
  }

  // History. Every move inside the kiosk replaces the current entry instead of adding one, and the
  // trail of screens lives in sessionStorage: Back returns to the previous screen (its parent page
  // when there is none), and the idle reset, which clears the session, leaves nothing behind for
  // the browser's own history to reach. A refugee's or a complainant's reading is nobody else's business.
  var TRAIL = "kiosk.trail";
  function readTrail() {
    try { return JSON.parse(sessionStorage.getItem(TRAIL) || "[]"); } catch (e) { return []; }
  }
  function writeTrail(trail) {
    try { sessionStorage.setItem(TRAIL, JSON.stringify(trail.slice(-50))); } catch (e) { /* ignore */ }
  }
  function here() { return location.pathname + location.search; }
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || (url.pathname === location.pathname && url.hash)) return;
    event.preventDefault();
    if (link.getAttribute("data-nav") === "back") {
      var trail = readTrail();
      var previous = trail.pop();
      writeTrail(trail);
      location.replace(previous || url.pathname);
      return;
    }
    var steps = readTrail();
    if (link.getAttribute("data-nav") === "home") steps = [];  // Home starts the trail afresh
    else steps.push(here());
    writeTrail(steps);
    location.replace(url.pathname + url.search + url.hash);
  });

  // The slim bars are fixed; tell the layout how tall they are, so nothing important hides under them.
  var hotbar = document.querySelector(".hotbar");
  var topbar = document.querySelector(".topbar");
  function fitTopbar() {
    if (!topbar) return;
    topbar.classList.remove("fit-1", "fit-2", "fit-3");
    // Overflow into the bar's own padding does not count in scrollWidth: measure the last button's edge.
    var overflows = function () {
      var inner = topbar.getBoundingClientRect().right - parseFloat(getComputedStyle(topbar).paddingRight);
      var last = topbar.lastElementChild;
      return topbar.scrollWidth > topbar.clientWidth + 1 || (last && last.getBoundingClientRect().right > inner + 1);
    };
    for (var step = 1; step <= 3 && overflows(); step += 1) {
      topbar.classList.add("fit-" + step);
    }
  }
  function fitHotbar() {
    if (!hotbar || hotbar.classList.contains("hotbar-tri")) return;
    var lines = hotbar.querySelectorAll(".hotbar-lines > li");
    var wraps = function () {
      return lines.length > 1 && lines[lines.length - 1].getBoundingClientRect().top > lines[0].getBoundingClientRect().bottom - 4;
    };
    hotbar.classList.remove("fit-1", "fit-2");
    for (var step = 1; step <= 2 && wraps(); step += 1) hotbar.classList.add("fit-" + step);
  }
  function measureBars() {
    fitTopbar();
    fitHotbar();
    if (hotbar) root.style.setProperty("--hotbar-h", hotbar.offsetHeight + "px");
    if (topbar) root.style.setProperty("--topbar-h", topbar.offsetHeight + "px");
  }
  measureBars();
  window.addEventListener("resize", measureBars);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(measureBars);

  // Home: when some topics are below the fold, say how many and let a tap bring them up.
  var more = document.getElementById("more-below");
  if (more) {
    var phrases = [];
    try { phrases = JSON.parse(more.getAttribute("data-phrases") || "[]"); } catch (e) { phrases = []; }
    var updateMore = function () {
      measureBars();
      var limit = window.innerHeight - (hotbar ? hotbar.offsetHeight : 0);
      var hidden = 0;
      document.querySelectorAll(".tiles .tile").forEach(function (tile) {
        if (tile.getBoundingClientRect().bottom > limit + 1) hidden += 1;
      });
      more.hidden = hidden === 0;
      var text = more.querySelector(".more-text");
      if (text && hidden) text.textContent = phrases[Math.min(hidden, phrases.length - 1)] || "";
    };
    more.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      window.scrollBy({ top: Math.round(window.innerHeight * 0.6), behavior: "instant" });
    }, true);
    window.addEventListener("scroll", updateMore, { passive: true });
    window.addEventListener("resize", updateMore);
    document.addEventListener("kiosk:display-changed", updateMore);
    updateMore();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(updateMore);
  }

  // Idle timeout: after a quiet spell, warn with a countdown; a tap cancels it, otherwise reset.
  var idleSeconds = parseInt(body.getAttribute("data-idle"), 10) || 90;
  var countdownSeconds = Math.min(parseInt(body.getAttribute("data-countdown"), 10) || 15, idleSeconds);
  var attract = body.getAttribute("data-attract") || "/";
  var dialog = document.getElementById("idle-dialog");
  var countEl = document.getElementById("idle-count");
  var idleText = document.getElementById("idle-text");
  var idlePhrases = [];
  try { idlePhrases = JSON.parse((idleText && idleText.getAttribute("data-phrases")) || "[]"); } catch (e) { idlePhrases = []; }
  // The sentence comes whole from the server's catalogs for each count (plural rules differ by language).
  function showCount(n) {
    if (countEl) countEl.textContent = String(n);
    if (idleText && idlePhrases[n]) idleText.textContent = idlePhrases[n];
  }
  var quietTimer = null;
  var tickTimer = null;
  var remaining = 0;

  function resetSession() {
    // offline.js counts the idle reset (anonymous usage) before the session is forgotten.
    document.dispatchEvent(new CustomEvent("kiosk:idle-reset"));
    try { sessionStorage.clear(); } catch (e) { /* ignore */ }
    window.scrollTo(0, 0);
    window.location.replace(attract);
  }

  function hideDialog() {
    if (tickTimer) { clearInterval(tickTimer); tickTimer = null; }
    if (dialog) dialog.hidden = true;
  }

  function showDialog() {
    remaining = countdownSeconds;
    showCount(remaining);
    if (dialog) {
      dialog.hidden = false;
      var cont = document.getElementById("idle-continue");
      if (cont) cont.focus();
    }
    tickTimer = setInterval(function () {
      remaining -= 1;
      showCount(Math.max(remaining, 0));
      if (remaining <= 0) { hideDialog(); resetSession(); }
    }, 1000);
  }

  function activity() {
    if (body.classList.contains("attract")) return;
    if (dialog && !dialog.hidden) {
      // The countdown stops at once; the dialog closes a moment later so the tap that
      // cancelled it finishes on the dialog instead of landing on the page underneath.
      if (tickTimer) { clearInterval(tickTimer); tickTimer = null; }
      setTimeout(hideDialog, 300);
    }
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = setTimeout(showDialog, (idleSeconds - countdownSeconds) * 1000);
  }

  // Not "scroll": programmatic scrolling (focus, scrollIntoView) is not a traveller being here.
  ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
    window.addEventListener(type, activity, { passive: true, capture: true });
  });
  var cont = document.getElementById("idle-continue");
  if (cont) cont.addEventListener("click", function () { hideDialog(); activity(); });
  // speech.js: a page being read aloud is a traveller listening, not an empty kiosk.
  document.addEventListener("kiosk:activity", activity);
  activity();

  // "Open now, until 17:50" is true only until 17:50. A page kept on screen past that moment, or
  // served from the offline cache long after it was made, must not go on saying it: the server marks
  // each such line with the moment its wording expires, and a neutral pointer to the hours replaces it.
  function expireLiveLines() {
    var now = Date.now();
    document.querySelectorAll("[data-valid-until]").forEach(function (line) {
      var until = Date.parse(line.getAttribute("data-valid-until"));
      if (isNaN(until) || now < until) return;
      var text = line.hasAttribute("data-live-text") ? line : line.querySelector("[data-live-text]");
      if (text) text.textContent = line.getAttribute("data-expired");
      line.classList.remove("status-open", "status-closed");
      line.classList.add("status-unknown");
      line.removeAttribute("data-valid-until");
    });
  }
  expireLiveLines();
  setInterval(expireLiveLines, 15000);
})();
