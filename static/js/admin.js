/* Admin panel helpers: the kiosk preview beside the editors, language tabs, and a confirmation for irreversible-looking actions.
   Plain JS, no inline scripts (a strict CSP applies). Everything works without it, too. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The kiosk preview beside an editor: the whole form is posted while staff type (nothing is saved)
  // and the kiosk page that comes back is shown at kiosk size, scaled to fit; tapping a link inside it
  // previews that page. The "Show preview" button does the same here instead of reloading the page.
  function setupPreview(panel) {
    var form = document.getElementById(panel.getAttribute("data-form"));
    var url = panel.getAttribute("data-preview-url");
    var frameBox = panel.querySelector(".kp-frame");
    var screen = panel.querySelector(".kp-screen");
    var status = panel.querySelector(".kp-status");
    var full = panel.querySelector(".kp-full");
    var pageSelect = panel.querySelector('select[name="preview_page"]');
    var orientation = panel.querySelector('select[name="preview_orientation"]');
    var timer = null;
    var running = null;
    if (!form || !url || !screen) { return; }

    function say(key) { if (status) { status.textContent = status.getAttribute(key) || ""; } }

    function fit() {
      var landscape = orientation && orientation.value === "landscape";
      var width = landscape ? 1920 : 1080;
      var height = landscape ? 1080 : 1920;
      var fullscreen = panel.classList.contains("kp-fullscreen");
      var room = fullscreen ? document.documentElement.clientWidth - 32 : panel.clientWidth - 28;
      // Where the frame stands with the page at its top (the panel is sticky, so never lower than that).
      var within = frameBox.getBoundingClientRect().top - panel.getBoundingClientRect().top;
      var holder = panel.parentElement.parentElement || panel.parentElement;
      var start = Math.max(8, holder.getBoundingClientRect().top + window.scrollY);
      var top = fullscreen ? frameBox.getBoundingClientRect().top : start + within;
      var tall = window.innerHeight - top - 16;
      var scale = Math.max(0.12, Math.min(room / width, tall / height));
      screen.width = width;
      screen.height = height;
      screen.style.transform = "scale(" + scale + ")";
      frameBox.style.width = Math.floor(width * scale) + 4 + "px";
      frameBox.style.height = Math.floor(height * scale) + 4 + "px";
      frameBox.setAttribute("data-orientation", landscape ? "landscape" : "portrait");
      frameBox.setAttribute("data-scale", String(scale));
    }

    function show(html) {
      screen.srcdoc = html;
      form.setAttribute("data-preview-fresh", "1");
    }

    function refresh() {
      if (running) { running.abort(); }
      running = new AbortController();
      var body = new FormData(form);
      ["save", "save_publish", "preview", "edit_lang"].forEach(function (name) { body.delete(name); });
      say("data-loading");
      fetch(url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken(), "Accept": "text/html" },
        credentials: "same-origin",
        signal: running.signal
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        show(html);
        say("data-ok");
      }).catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        say("data-failed");
      });
    }

    function soon(delay) {
      form.removeAttribute("data-preview-fresh");
      clearTimeout(timer);
      timer = setTimeout(refresh, delay);
    }

    // Links inside the preview lead to other previewed pages, never to the live kiosk.
    screen.addEventListener("load", function () {
      var doc = screen.contentDocument;
      if (!doc) { return; }
      doc.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[href]") : null;
        if (!link) { return; }
        event.preventDefault();
        var path = link.getAttribute("href").split("?")[0];
        var parts = path.split("/").filter(Boolean);
        var page = "home";
        if (parts.length === 0) { page = "index"; }
        else if (parts[1] === "hotlines") { page = "hotlines"; }
        else if (parts[1] === "office") { page = "office"; }
        else if (parts[1] === "topics") { page = parts.length > 3 ? "article" : "topic"; }
        var lang = panel.querySelector('select[name="preview_lang"]');
        if (lang && parts[0] && lang.querySelector('option[value="' + parts[0] + '"]')) { lang.value = parts[0]; }
        if (pageSelect) { pageSelect.value = page; }
        refresh();
      });
    });

    // The form sent while a preview is due or on its way (typing, then "Save" at once): the preview is
    // dropped, so its answer cannot come after the save's and put back the session cookie from before
    // the save (with it the "saved" message). Back on this page from the browser history, it runs again.
    form.addEventListener("submit", function () {
      clearTimeout(timer);
      if (running) { running.abort(); }
    });
    window.addEventListener("pageshow", function (event) { if (event.persisted) { soon(0); } });
    form.addEventListener("input", function () { soon(500); });
    form.addEventListener("change", function () { soon(200); });
    panel.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { fit(); soon(0); });
    });
    var button = panel.querySelector(".kp-refresh");
    if (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); refresh(); });
    }
    if (full) {
      full.hidden = false;
      full.addEventListener("click", function () {
        var on = panel.classList.toggle("kp-fullscreen");
        full.textContent = full.getAttribute(on ? "data-label-close" : "data-label-open");
        fit();
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && panel.classList.contains("kp-fullscreen")) { full.click(); }
      });
    }
    window.addEventListener("resize", fit);
    fit();
    panel.previewRefresh = refresh;
  }

  // One language at a time: the tabs switch without a round trip and keep everything typed in every
  // language (all of them stay in the form); the source text above each field follows the typing.
  function setupTabs(list) {
    var form = list.closest("form");
    var current = form.querySelector('input[name="edit_lang_current"]');
    var tabs = list.querySelectorAll('[role="tab"]');

    function select(tab, focus) {
      tabs.forEach(function (other) {
        var on = other === tab;
        other.setAttribute("aria-selected", on ? "true" : "false");
        other.tabIndex = on ? 0 : -1;
        var pane = document.getElementById(other.getAttribute("aria-controls"));
        if (pane) { pane.hidden = !on; }
      });
      if (current) { current.value = tab.getAttribute("data-lang"); }
      document.querySelectorAll("[data-source-of]").forEach(function (box) {
        var source = document.getElementById(box.getAttribute("data-source-of"));
        if (source && source.value.trim()) { box.textContent = source.value; }
      });
      var panel = document.querySelector(".kiosk-preview");
      var lang = panel && panel.querySelector('select[name="preview_lang"]');
      if (lang && lang.value !== tab.getAttribute("data-lang")) {
        lang.value = tab.getAttribute("data-lang");
        if (panel.previewRefresh) { panel.previewRefresh(); }
      }
      if (focus) { tab.focus(); }
    }

    tabs.forEach(function (tab, index) {
      tab.tabIndex = tab.getAttribute("aria-selected") === "true" ? 0 : -1;
      tab.addEventListener("click", function (event) { event.preventDefault(); select(tab, false); });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (!step) { return; }
        event.preventDefault();
        select(tabs[(index + step + tabs.length) % tabs.length], true);
      });
    });
  }

  function setupConfirm(button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  // Copy button for a one-time secret: the Clipboard API where the browser allows it (HTTPS or
  // localhost), else the old copy command on the selected text; if both are refused the text is left
  // selected and the status says to press Ctrl+C. Nothing is sent anywhere.
  function setupCopy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById("copy-status");
    if (!source) { return; }

    function say(key) {
      if (status) { status.textContent = status.getAttribute(key) || ""; }
    }

    function selectSource() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    function fallback() {
      selectSource();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      if (copied) { say("data-copied"); } else { selectSource(); say("data-copy-failed"); }
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          selectSource();
          say("data-copied");
        }, fallback);
      } else {
        fallback();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(setupCopy);
    document.querySelectorAll('[role="tablist"].lang-tabs').forEach(setupTabs);
    document.querySelectorAll(".kiosk-preview[data-preview-url]").forEach(setupPreview);
    document.querySelectorAll("[data-confirm]").forEach(setupConfirm);
  });
})();
