/* Kiosk search (kiosk/search.py): results as the traveller types, without a history entry per letter.
 * The page's own form works without this script (a GET to the same address). Here each change of the
 * field asks for the results part only and puts it in place; an answer that arrives after a newer one
 * is dropped. The address follows the field (replaceState), so Back from a result returns to the same
 * search. The words searched are counted once, when the traveller is done with them (taps a result,
 * leaves the page, clears the field, or the idle reset comes): offline.js turns that into an anonymous
 * count on terminals. The idle reset empties the field and the results before the page goes. */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  var field = document.getElementById("search-q");
  var results = document.getElementById("search-results");
  if (!form || !field || !results) return;
  var base = form.getAttribute("data-results") || form.getAttribute("action");
  var timer = null;
  var asked = 0;
  var shown = tidy(field.value);
  var counted = "";

  function tidy(text) { return (text || "").replace(/\s+/g, " ").trim(); }
  function address(q, part) {
    return base + (q ? "?q=" + encodeURIComponent(q) + (part ? "&part=results" : "") : "");
  }

  function count() {
    var q = tidy(field.value);
    if (!q || q === counted) return;
    counted = q;
    document.dispatchEvent(new CustomEvent("kiosk:search", { detail: { q: q } }));
  }

  function update() {
    var q = tidy(field.value);
    if (q === shown) return;
    shown = q;
    var mine = ++asked;
    try { history.replaceState(null, "", address(q)); } catch (e) { /* ignore */ }
    if (!q) { results.innerHTML = ""; return; }
    results.setAttribute("aria-busy", "true");
    fetch(address(q, true), { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.text();
    }).then(function (html) {
      if (mine !== asked) return; // a newer search is on its way
      results.innerHTML = html;
      results.removeAttribute("aria-busy");
    }).catch(function () {
      // Keep what is shown; the Find button still sends the form the plain way.
      results.removeAttribute("aria-busy");
    });
  }

  field.addEventListener("input", function () {
    if (!tidy(field.value)) count(); // the clear key: the search before it is finished
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (timer) clearTimeout(timer);
    update();
  });
  // Leaving within the 120 ms pause after the last key: the address must still hold everything typed,
  // or Back would return to a shorter search than the one the traveller finished.
  function keepAddress() {
    var q = tidy(field.value);
    if (q === shown) return;
    try { history.replaceState(null, "", address(q)); } catch (e) { /* ignore */ }
  }
  results.addEventListener("click", function (event) {
    if (event.target.closest("a[href]")) { keepAddress(); count(); }
  });
  window.addEventListener("pagehide", function () { keepAddress(); count(); });
  document.addEventListener("kiosk:idle-reset", function () {
    count();
    if (timer) clearTimeout(timer);
    asked += 1;
    field.value = "";
    shown = "";
    results.innerHTML = "";
    try { history.replaceState(null, "", address("")); } catch (e) { /* ignore */ }
  });
})();
