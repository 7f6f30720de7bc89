/* Admin panel helpers: live article preview and a confirmation for irreversible-looking actions.
   Plain JS, no inline scripts (a strict CSP applies). Everything works without it, too. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function setupPreview(form) {
    var url = form.getAttribute("data-preview-url");
    var frames = document.querySelectorAll("iframe[data-preview-lang]");
    var status = document.getElementById("preview-status");
    var timer = null;
    var running = null;

    function refresh() {
      if (running) { running.abort(); }
      running = new AbortController();
      var body = new FormData(form);
      body.delete("save");
      body.delete("preview");
      fetch(url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        credentials: "same-origin",
        signal: running.signal
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (pages) {
        frames.forEach(function (frame) {
          var lang = frame.getAttribute("data-preview-lang");
          if (Object.prototype.hasOwnProperty.call(pages, lang)) { frame.srcdoc = pages[lang]; }
        });
        if (status) { status.textContent = status.getAttribute("data-ok") || ""; }
        form.setAttribute("data-preview-fresh", "1");
      }).catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        if (status) { status.textContent = status.getAttribute("data-failed") || ""; }
      });
    }

    form.addEventListener("input", function () {
      form.removeAttribute("data-preview-fresh");
      clearTimeout(timer);
      timer = setTimeout(refresh, 500);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
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
    document.querySelectorAll("form[data-preview-url]").forEach(setupPreview);
    document.querySelectorAll("[data-confirm]").forEach(setupConfirm);
  });
})();
