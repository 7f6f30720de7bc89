/* On-screen keyboard (kiosk/templates/kiosk/_keyboard.html): Kyrgyz (ң ө ү on the main layer), Russian
 * (ё) and English layouts plus signs, for a kiosk with no physical keyboard and no system one. Keys are
 * buttons: a tap types into the field last focused in the same [data-osk-scope] (the tap never takes the
 * focus from the field, so the caret stays); with a keyboard, Tab enters the keys and the arrow keys move
 * between them, Enter or Space presses one. A field's maxlength holds for typed keys too. Reused by any
 * page that includes the macro: KioskKeyboard.attach(root) brings up the keyboards inside root. */
(function () {
  "use strict";

  function attach(root) {
    (root || document).querySelectorAll("[data-keyboard]").forEach(function (osk) {
      if (osk.getAttribute("data-ready")) return;
      osk.setAttribute("data-ready", "1");
      setUp(osk);
    });
  }

  function setUp(osk) {
    var scope = osk.closest("[data-osk-scope]") || document;
    var fields = Array.prototype.slice.call(scope.querySelectorAll("[data-osk]"));
    var target = fields[0] || null;
    var start = osk.getAttribute("data-start");
    var shift = false;

    function show(code) {
      osk.querySelectorAll(".osk-layer").forEach(function (layer) {
        layer.hidden = layer.getAttribute("data-layer") !== code;
      });
      osk.querySelectorAll('[data-action="layer"]').forEach(function (button) {
        button.setAttribute("aria-pressed", button.getAttribute("data-layer") === code ? "true" : "false");
      });
    }

    function setShift(on) {
      shift = on;
      var button = osk.querySelector('[data-action="shift"]');
      if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
      osk.querySelectorAll(".osk-layer .osk-key[data-key]").forEach(function (key) {
        var ch = key.getAttribute("data-key");
        key.textContent = on ? ch.toUpperCase() : ch;
      });
    }

    function caret() {
      var at = target.selectionStart;
      var end = target.selectionEnd;
      if (at === null || at === undefined) at = end = target.value.length;
      return [at, end];
    }

    function changed() {
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function insert(text) {
      if (!target) return;
      var range = caret();
      var max = target.maxLength > 0 ? target.maxLength : Infinity;
      if (target.value.length - (range[1] - range[0]) + text.length > max) return;
      target.setRangeText(text, range[0], range[1], "end");
      changed();
    }

    function backspace() {
      if (!target) return;
      var range = caret();
      if (range[0] === range[1]) {
        if (range[0] === 0) return;
        range[0] -= 1;
      }
      target.setRangeText("", range[0], range[1], "end");
      changed();
    }

    function clear() {
      if (!target || !target.value) return;
      target.value = "";
      changed();
    }

    function press(key) {
      var action = key.getAttribute("data-action");
      if (action === "shift") setShift(!shift);
      else if (action === "layer") show(key.getAttribute("data-layer"));
      else if (action === "backspace") backspace();
      else if (action === "clear") clear();
      else {
        var ch = key.getAttribute("data-key");
        insert(shift ? ch.toUpperCase() : ch);
        if (shift) setShift(false);
      }
    }

    fields.forEach(function (field) {
      field.setAttribute("inputmode", "none"); // no system keyboard over the page
      field.addEventListener("focus", function () {
        target = field;
        show(field.getAttribute("data-osk-layer") || start);
      });
    });

    // A tap on a key must not take the focus (and the caret) away from the field.
    osk.addEventListener("pointerdown", function (event) {
      if (event.target.closest(".osk-key")) event.preventDefault();
    });
    osk.addEventListener("mousedown", function (event) {
      if (event.target.closest(".osk-key")) event.preventDefault();
    });
    osk.addEventListener("click", function (event) {
      var key = event.target.closest(".osk-key");
      if (key && osk.contains(key)) press(key);
    });

    // Arrow keys between the keys that are shown; only one key is in the Tab order (roving tabindex).
    function visibleKeys() {
      return Array.prototype.filter.call(osk.querySelectorAll(".osk-key"), function (key) {
        return key.offsetParent !== null;
      });
    }
    function rowsOf(keys) {
      var rows = [];
      keys.forEach(function (key) {
        var top = Math.round(key.getBoundingClientRect().top);
        var row = rows.filter(function (r) { return Math.abs(r.top - top) < 8; })[0];
        if (!row) { row = { top: top, keys: [] }; rows.push(row); }
        row.keys.push(key);
      });
      rows.sort(function (a, b) { return a.top - b.top; });
      return rows;
    }
    function focusKey(key) {
      osk.querySelectorAll(".osk-key").forEach(function (k) { k.tabIndex = -1; });
      key.tabIndex = 0;
      key.focus();
    }
    var first = osk.querySelector(".osk-key");
    if (first) first.tabIndex = 0;
    osk.addEventListener("keydown", function (event) {
      var key = event.target.closest(".osk-key");
      if (!key || ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].indexOf(event.key) === -1) return;
      event.preventDefault();
      var rows = rowsOf(visibleKeys());
      var r = -1;
      var c = -1;
      rows.forEach(function (row, i) {
        var at = row.keys.indexOf(key);
        if (at !== -1) { r = i; c = at; }
      });
      if (r === -1) return;
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        var keys = rows[r].keys;
        var next = (c + (event.key === "ArrowLeft" ? -1 : 1) + keys.length) % keys.length;
        focusKey(keys[next]);
        return;
      }
      var other = rows[(r + (event.key === "ArrowUp" ? -1 : 1) + rows.length) % rows.length];
      var x = key.getBoundingClientRect().left + key.offsetWidth / 2;
      var best = other.keys[0];
      other.keys.forEach(function (k) {
        var kx = k.getBoundingClientRect().left + k.offsetWidth / 2;
        var bx = best.getBoundingClientRect().left + best.offsetWidth / 2;
        if (Math.abs(kx - x) < Math.abs(bx - x)) best = k;
      });
      focusKey(best);
    });
    osk.addEventListener("focusin", function (event) {
      var key = event.target.closest(".osk-key");
      if (key) { osk.querySelectorAll(".osk-key").forEach(function (k) { k.tabIndex = -1; }); key.tabIndex = 0; }
    });
    show(start);
  }

  window.KioskKeyboard = { attach: attach };
  attach(document);
})();
