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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-preview-url]").forEach(setupPreview);
    document.querySelectorAll("[data-confirm]").forEach(setupConfirm);
  });
})();
