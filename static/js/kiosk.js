/* Kiosk behaviour: display toggles and the idle timeout that returns to the language screen. */
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
    });
  });

  // Idle timeout: after a quiet spell, warn with a countdown; a tap cancels it, otherwise reset.
  var idleSeconds = parseInt(body.getAttribute("data-idle"), 10) || 90;
  var countdownSeconds = Math.min(parseInt(body.getAttribute("data-countdown"), 10) || 15, idleSeconds);
  var attract = body.getAttribute("data-attract") || "/";
  var dialog = document.getElementById("idle-dialog");
  var countEl = document.getElementById("idle-count");
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
    if (countEl) countEl.textContent = String(remaining);
    if (dialog) {
      dialog.hidden = false;
      var cont = document.getElementById("idle-continue");
      if (cont) cont.focus();
    }
    tickTimer = setInterval(function () {
      remaining -= 1;
      if (countEl) countEl.textContent = String(Math.max(remaining, 0));
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
