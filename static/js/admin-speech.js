/* Listen previews in the staff panel (issue 15).
 *
 * A button with data-speech-preview reads a text aloud as a kiosk will: the server splits it into the
 * kiosk's sentences, applies the pronunciation lists as they are now, and gives a clip per sentence
 * (POST /admin/speech/preview). The text comes from data-speech-text, or from the field named by
 * data-speech-source; the language from the attribute's value, or from the field named by
 * data-speech-lang-from. A second press stops.
 *
 * The editors' text fields get such a button by themselves: every textarea with data-speech-listen,
 * and every textarea[lang] inside the editor's language panes (fieldset.lang-pane).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-preview-url");
  if (!url) return;
  var labels = { listen: script.getAttribute("data-listen"), stop: script.getAttribute("data-stop"),
                 failed: script.getAttribute("data-failed") };
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var audio = new Audio();
  var playing = null;  // the button whose text is being read

  function stop() {
    audio.onended = audio.onerror = null;
    audio.pause();
    audio.removeAttribute("src");
    if (playing) playing.textContent = playing.getAttribute("data-label") || labels.listen;
    playing = null;
  }

  function valueOf(id) {
    var el = id && document.getElementById(id);
    return el ? el.value : "";
  }

  function read(button) {
    var lang = button.getAttribute("data-speech-preview") || valueOf(button.getAttribute("data-speech-lang-from"));
    var text = button.hasAttribute("data-speech-text") ? button.getAttribute("data-speech-text")
      : valueOf(button.getAttribute("data-speech-source"));
    if (!text.trim()) return;
    stop();
    playing = button;
    button.setAttribute("data-label", button.textContent);
    button.textContent = labels.stop;
    // An ordinary form post: the staff panel takes no JSON bodies.
    var form = new URLSearchParams();
    form.set("csrf_token", tokenMeta ? tokenMeta.content : "");
    form.set("lang", lang);
    form.set("text", text);
    form.set("markdown", button.getAttribute("data-speech-markdown") === "0" ? "0" : "1");
    fetch(url, { method: "POST", credentials: "same-origin", body: form }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (answer) {
      if (playing !== button) return;
      var queue = answer.sentences.slice();
      var next = function () {
        var sentence = queue.shift();
        if (!sentence || playing !== button) { if (playing === button) stop(); return; }
        audio.onended = next;
        audio.onerror = next;
        audio.src = sentence.url;
        audio.play().catch(next);
      };
      next();
    }).catch(function () {
      if (playing === button) { stop(); button.setAttribute("title", labels.failed); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-speech-preview]");
    if (!button) return;
    event.preventDefault();
    if (playing === button) stop(); else read(button);
  });

  // The editors' fields: one Listen button under each text in its language.
  document.querySelectorAll("textarea[data-speech-listen], fieldset.lang-pane textarea[lang]").forEach(function (field) {
    if (!field.id || field.getAttribute("data-speech-listen") === "off") return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small speech-listen";
    button.textContent = labels.listen;
    button.setAttribute("data-speech-preview", field.getAttribute("lang") || "");
    button.setAttribute("data-speech-source", field.id);
    field.insertAdjacentElement("afterend", button);
  });
})();
