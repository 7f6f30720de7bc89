/* Speech on the kiosk (issue 15).
 *
 * - Listen: plays the page's sentences in order (span.say[data-s] marked by the server; the clips come
 *   from this machine's /speech/<key>), highlights the one being read and scrolls it into view.
 *   Pause, continue, stop; while reading, a tap on a sentence restarts there. Volume and speed on
 *   screen, kept for the session only, so the idle reset (which clears the session) restores both.
 * - Keys (a USB keypad sends the same): the arrows move over the page's tappable things in order and
 *   each is spoken ("Hotlines, button, 3 of 11"); Enter acts (the browser's own activation); H, ? or
 *   F1 says where one is and what the keys do; Escape stops the reading. After the first key press
 *   every new page says its title, until the idle reset.
 * - window.kioskSpeech.log lists every utterance (kind, text, language, whether it played): what a
 *   person heard, for the browser tests and for anyone checking a terminal by hand.
 * Without the #speech panel (no espeak-ng on the server) nothing here runs and no button shows.
 */
(function () {
  "use strict";
  var api = { log: [], state: "off" };
  window.kioskSpeech = api;
  var panel = document.getElementById("speech");
  if (!panel) return;

  var root = document.documentElement;
  var body = document.body;
  var base = panel.getAttribute("data-base") || "/speech/";
  var pageLang = root.getAttribute("lang") || "ru";
  var trilingual = panel.getAttribute("data-trilingual") === "1";
  var LANGS = ["ky", "ru", "en"];
  var phrases = {};
  try { phrases = JSON.parse(panel.getAttribute("data-phrases") || "{}"); } catch (e) { phrases = {}; }

  function phrase(lang, name, values) {
    var text = ((phrases[lang] || phrases[pageLang] || {})[name]) || "";
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return values && key in values ? String(values[key]) : ""; });
  }

  // Volume and speed steps; the defaults are what every traveller starts with.
  var VOLUMES = [0.25, 0.45, 0.65, 0.85, 1.0];
  var RATES = [0.7, 0.85, 1.0, 1.2, 1.4];
  var DEFAULT_VOLUME = 3;
  var DEFAULT_RATE = 2;
  function readSetting(name, fallback, max) {
    var value = NaN;
    try { value = parseInt(sessionStorage.getItem("kiosk.speech." + name), 10); } catch (e) { /* ignore */ }
    return isNaN(value) ? fallback : Math.max(0, Math.min(max, value));
  }
  function writeSetting(name, value) {
    try { sessionStorage.setItem("kiosk.speech." + name, String(value)); } catch (e) { /* ignore */ }
  }
  var volume = readSetting("volume", DEFAULT_VOLUME, VOLUMES.length - 1);
  var rate = readSetting("rate", DEFAULT_RATE, RATES.length - 1);

  var audio = new Audio();
  audio.preload = "auto";
  api.audio = audio;
  var listenButton = document.getElementById("speech-listen");
  var controls = document.getElementById("speech-controls");
  var state = "idle";  // idle | playing | paused
  var sentences = [];
  var current = -1;
  var token = 0;  // each start() takes a new token; callbacks of an older one do nothing
  var lastActivity = 0;

  function langOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    var holder = el && el.closest("[lang]");
    var lang = holder ? holder.getAttribute("lang") : pageLang;
    return LANGS.indexOf(lang) >= 0 ? lang : pageLang;
  }

  // --- playing one clip -----------------------------------------------------------------------------

  function applyAudioSettings() {
    audio.volume = VOLUMES[volume];
    audio.defaultPlaybackRate = RATES[rate];
    audio.playbackRate = RATES[rate];
    var volumeText = document.getElementById("speech-volume");
    var speedText = document.getElementById("speech-speed");
    if (volumeText) volumeText.textContent = levelText("volume", volume);
    if (speedText) speedText.textContent = levelText("speed", rate);
  }

  function levelText(name, level) {
    var values = { level: level + 1, max: 5 };
    if (!trilingual) return phrase(pageLang, name, values);
    return LANGS.map(function (lang) { return phrase(lang, name, values); }).join(" · ");
  }

  function start(url, entry, onEnd) {
    token += 1;
    var mine = token;
    entry.played = false;
    api.log.push(entry);
    audio.onplaying = function () { if (mine === token) entry.played = true; };
    audio.onended = function () { if (mine === token) { entry.ended = true; if (onEnd) onEnd(); } };
    audio.onerror = function () {
      if (mine !== token) return;
      entry.error = "load";
      setTimeout(function () { if (mine === token && onEnd) onEnd(); }, 250);  // skip a clip that will not play
    };
    audio.src = url;
    applyAudioSettings();
    var playing = audio.play();
    if (playing && playing.catch) {
      playing.catch(function (error) { if (mine === token) entry.error = error && error.name; });
    }
  }

  function silence() {
    token += 1;
    audio.pause();
    audio.removeAttribute("src");
    audio.load();
  }

  function phraseUrl(text, lang) {
    return base + "say?lang=" + encodeURIComponent(lang) + "&text=" + encodeURIComponent(text);
  }

  // A short series of phrases (spoken focus, help, a page's title), one after the other. Each series
  // is one step in api.steps: what one key press made the kiosk say, and whether all of it played.
  api.steps = [];
  function speakPhrases(items, kind) {
    if (state !== "idle") stopReading();
    var queue = items.filter(function (item) { return /[\p{L}\p{N}]/u.test(item.text); });
    var step = { kind: kind, parts: queue.map(function (item) { return { text: item.text, lang: item.lang }; }), done: false };
    step.text = step.parts.map(function (part) { return part.text; }).join(" ");
    api.steps.push(step);
    var entries = [];
    function next() {
      var item = queue.shift();
      if (!item) {
        step.done = true;
        step.played = entries.every(function (entry) { return entry.played && entry.ended; });
        return;
      }
      var entry = { kind: kind, text: item.text, lang: item.lang };
      entries.push(entry);
      start(phraseUrl(item.text, item.lang), entry, next);
    }
    next();
  }

  // --- reading the page ---------------------------------------------------------------------------

  function collect() {
    var list = [];
    document.querySelectorAll("span.say[data-s]").forEach(function (span) {
      var id = span.getAttribute("data-s");
      var last = list[list.length - 1];
      if (last && last.id === id) { last.spans.push(span); return; }
      list.push({ id: id, key: span.getAttribute("data-a"), spans: [span] });
    });
    // A sentence nobody can see right now (a closed panel) is not read; a piece of a visible one
    // that draws no box (a space between two grid items) still counts for its words.
    list = list.filter(function (sentence) {
      return sentence.spans.some(function (span) { return span.getClientRects().length > 0; });
    });
    list.forEach(function (sentence) {
      sentence.text = sentence.spans.map(function (span) { return span.textContent; }).join("").replace(/\s+/g, " ").trim();
      sentence.lang = langOf(sentence.spans[0]);
    });
    return list;
  }
  api.sentences = function () { return collect().map(function (s) { return { id: s.id, text: s.text, lang: s.lang }; }); };

  function highlight(index) {
    document.querySelectorAll(".say-now").forEach(function (span) { span.classList.remove("say-now"); });
    var sentence = sentences[index];
    if (!sentence) return;
    sentence.spans.forEach(function (span) { span.classList.add("say-now"); });
    var first = sentence.spans[0].getBoundingClientRect();
    var top = (document.querySelector(".topbar") || { offsetHeight: 0 }).offsetHeight;
    var bottom = window.innerHeight - (document.querySelector(".hotbar") || { offsetHeight: 0 }).offsetHeight -
      (controls.hidden ? 0 : controls.offsetHeight + 12);
    if (first.top < top || first.bottom > bottom) {
      sentence.spans[0].scrollIntoView({ block: "center", behavior: "instant" });
    }
  }

  function prefetch(index) {
    var sentence = sentences[index];
    if (!sentence) return;
    var early = new Audio();
    early.preload = "auto";
    early.src = base + sentence.key;  // the server makes the clip now if it has to; the browser keeps it
  }

  function readFrom(index) {
    if (index >= sentences.length) { stopReading(); return; }
    current = index;
    setState("playing");
    highlight(index);
    var sentence = sentences[index];
    start(base + sentence.key, { kind: "sentence", id: sentence.id, text: sentence.text, lang: sentence.lang }, function () {
      readFrom(index + 1);
    });
    prefetch(index + 1);
  }

  function stopReading() {
    silence();
    current = -1;
    document.querySelectorAll(".say-now").forEach(function (span) { span.classList.remove("say-now"); });
    setState("idle");
  }

  function setState(next) {
    state = next;
    api.state = next;
    api.current = current >= 0 && sentences[current] ? sentences[current].id : null;
    listenButton.setAttribute("data-state", next);
    listenButton.querySelectorAll("[data-for]").forEach(function (part) {
      // setAttribute, not .hidden: the icons are SVG elements, which have no `hidden` property.
      if (part.getAttribute("data-for") === next) part.removeAttribute("hidden");
      else part.setAttribute("hidden", "");
    });
    controls.hidden = next === "idle";
    body.classList.toggle("speech-active", next !== "idle");
  }
  setState("idle");
  applyAudioSettings();

  listenButton.addEventListener("click", function () {
    if (state === "idle") {
      sentences = collect();
      readFrom(0);
    } else if (state === "playing") {
      audio.pause();
      setState("paused");
    } else {
      setState("playing");
      var resumed = audio.play();
      if (resumed && resumed.catch) resumed.catch(function () { /* the log shows the failed entry */ });
    }
  });
  document.getElementById("speech-stop").addEventListener("click", function () {
    stopReading();
    listenButton.focus();
  });

  function adjust(id, delta, isVolume) {
    document.getElementById(id).addEventListener("click", function () {
      if (isVolume) { volume = Math.max(0, Math.min(VOLUMES.length - 1, volume + delta)); writeSetting("volume", volume); }
      else { rate = Math.max(0, Math.min(RATES.length - 1, rate + delta)); writeSetting("rate", rate); }
      applyAudioSettings();
    });
  }
  adjust("speech-quieter", -1, true);
  adjust("speech-louder", 1, true);
  adjust("speech-slower", -1, false);
  adjust("speech-faster", 1, false);
  api.settings = function () { return { volume: audio.volume, rate: audio.playbackRate, volumeStep: volume, rateStep: rate }; };

  // While reading, a tap on a sentence (not on a link or button) reads from there.
  document.addEventListener("click", function (event) {
    if (state === "idle") return;
    var span = event.target.closest && event.target.closest("span.say[data-s]");
    if (!span || span.closest("a, button, label, input, select, textarea")) return;
    var id = span.getAttribute("data-s");
    for (var n = 0; n < sentences.length; n += 1) {
      if (sentences[n].id === id) { event.preventDefault(); readFrom(n); return; }
    }
  });

  // Reading aloud is the traveller being here: the idle countdown must not cut a page short.
  audio.addEventListener("timeupdate", function () {
    var now = Date.now();
    if (state === "playing" && now - lastActivity > 1000) {
      lastActivity = now;
      document.dispatchEvent(new CustomEvent("kiosk:activity"));
    }
  });

  // The idle reset: silence, and the next traveller starts with the default volume and speed.
  document.addEventListener("kiosk:idle-reset", function () {
    stopReading();
    volume = DEFAULT_VOLUME;
    rate = DEFAULT_RATE;
    writeSetting("volume", volume);
    writeSetting("rate", rate);
    applyAudioSettings();
    api.log.push({ kind: "reset", text: "", lang: pageLang });
  });

  // --- keys -----------------------------------------------------------------------------------------

  var GUIDED = "kiosk.speech.guided";
  function guided(on) {
    try {
      if (on) sessionStorage.setItem(GUIDED, "1");
      return sessionStorage.getItem(GUIDED) === "1";
    } catch (e) { return !!on; }
  }
  var dialog = document.getElementById("idle-dialog");

  function tappables() {
    var scope = dialog && !dialog.hidden ? dialog : document;
    var all = scope.querySelectorAll("a[href], button, input, select, textarea, [tabindex]");
    return Array.prototype.filter.call(all, function (el) {
      if (el.disabled || el.getAttribute("tabindex") === "-1" || el.classList.contains("skip")) return false;
      if (el.type === "hidden" || el.closest("[hidden], [inert], [aria-hidden='true']")) return false;
      var box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
    });
  }

  // The words of an element, by language: [{text, lang}] (the language screen's buttons hold three).
  function textParts(node) {
    var parts = [];
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: function (text) {
        var parent = text.parentElement;
        if (parent.closest("[aria-hidden='true'], [hidden], svg, script, style")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      var lang = langOf(text);
      var last = parts[parts.length - 1];
      if (last && last.lang === lang) last.text += text.nodeValue;
      else parts.push({ text: text.nodeValue, lang: lang });
    }
    return parts.map(function (part) { return { text: part.text.replace(/\s+/g, " ").trim(), lang: part.lang }; })
      .filter(function (part) { return /[\p{L}\p{N}]/u.test(part.text); });
  }

  function labelParts(el) {
    var named = el.getAttribute("aria-label");
    if (named) return [{ text: named, lang: langOf(el) }];
    var title = el.querySelector(".tile-title, .list-title");
    var parts = textParts(title || el);
    if (!parts.length && el.value) parts = [{ text: el.value, lang: langOf(el) }];
    return parts;
  }

  function roleOf(el) {
    return /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && !/^(button|submit|reset)$/i.test(el.type || "") ? "field" : "button";
  }

  // "Hotlines, button, 3 of 11": the label in its own language, the rest in the page's. On the
  // language screen nobody has chosen yet, so each language part carries its own role and position.
  function announcement(el, index, total) {
    var role = roleOf(el);
    var parts = labelParts(el);
    var place = function (lang) { return phrase(lang, role) + ", " + phrase(lang, "position", { index: index, total: total }); };
    if (trilingual) {
      return parts.map(function (part) { return { text: part.text + ", " + place(part.lang), lang: part.lang }; });
    }
    var out = parts.map(function (part) { return { text: part.text, lang: part.lang }; });
    var last = out[out.length - 1];
    if (last && last.lang === pageLang) last.text += ", " + place(pageLang);
    else out.push({ text: place(pageLang), lang: pageLang });
    return out;
  }

  function move(step) {
    var list = tappables();
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : (at + step + list.length) % list.length;
    var target = list[next];
    target.focus();
    speakPhrases(announcement(target, next + 1, list.length), "focus");
  }

  function pageTitle(lang) {
    var heading = document.querySelector("main h1") || document.querySelector("h1");
    var parts = heading ? textParts(heading) : [{ text: document.title, lang: pageLang }];
    var mine = parts.filter(function (part) { return part.lang === lang; });
    return (mine.length ? mine : parts).map(function (part) { return part.text; }).join(" ");
  }

  function help() {
    var languages = trilingual ? LANGS : [pageLang];
    var items = [];
    languages.forEach(function (lang) {
      items.push({ text: phrase(lang, "where", { title: pageTitle(lang) }), lang: lang });
    });
    var list = tappables();
    var at = list.indexOf(document.activeElement);
    if (at >= 0) items = items.concat(announcement(list[at], at + 1, list.length));
    languages.forEach(function (lang) { items.push({ text: phrase(lang, "help"), lang: lang }); });
    speakPhrases(items, "help");
  }

  var NAV = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var el = document.activeElement || body;
    var tag = el.tagName;
    var typing = tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable ||
      (tag === "INPUT" && !/^(button|submit|reset|checkbox|radio)$/i.test(el.type || ""));
    if (event.key in NAV) {
      // In a text field the side arrows move the cursor; up and down still leave it.
      if (typing && (event.key === "ArrowLeft" || event.key === "ArrowRight" || tag === "TEXTAREA" || tag === "SELECT")) return;
      event.preventDefault();
      guided(true);
      move(NAV[event.key]);
    } else if (!typing && (event.key === "h" || event.key === "H" || event.key === "?" || event.key === "F1" || event.key === "Help")) {
      event.preventDefault();
      guided(true);
      help();
    } else if (event.key === "Escape" && state !== "idle") {
      stopReading();
    }
  });

  // A traveller who moves by keys hears where each new page has taken them.
  if (guided(false)) {
    var title = pageTitle(pageLang);
    speakPhrases([{ text: title + ". " + phrase(pageLang, "page_hint"), lang: pageLang }], "page");
  }

  // The "are you still here?" question is spoken too, to a traveller who cannot see it.
  if (dialog && window.MutationObserver) {
    new MutationObserver(function () {
      if (dialog.hidden || !guided(false)) return;
      var words = textParts(dialog).map(function (part) { return part.text; }).join(" ");
      speakPhrases([{ text: words, lang: pageLang }], "idle");
    }).observe(dialog, { attributes: true, attributeFilter: ["hidden"] });
  }
})();
