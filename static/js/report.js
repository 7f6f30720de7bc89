/* The report flow (kiosk/report.py): the four screens of one form shown one at a time, the counters of
 * the text fields, and sending without adding a history entry: the form is posted with fetch and the
 * registration screen replaces the form (location.replace), so after the idle reset Back finds nothing
 * of it. "Finish" leaves like the idle reset does: the session's trail is forgotten. */
(function () {
  "use strict";

  function setUp(root) {
    root.querySelectorAll("[data-finish]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        try { sessionStorage.clear(); } catch (e) { /* ignore */ }
        window.location.replace(link.href);
      });
    });

    root.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      var template = counter.getAttribute("data-template");
      if (!field || !template) return;
      var update = function () { counter.textContent = template.replace("{used}", String(field.value.length)); };
      field.addEventListener("input", update);
      update();
    });

    var form = root.querySelector(".report-form");
    if (!form) return;
    var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
    var nav = form.querySelector(".step-nav");
    var prev = nav.querySelector('[data-step-go="-1"]');
    var next = nav.querySelector('[data-step-go="1"]');
    var send = form.querySelector(".btn-send");
    var current = 0;
    steps.some(function (step, i) {
      if (step.querySelector(".field-error")) { current = i; return true; }
      return false;
    });

    function answered(step) {
      var groups = {};
      step.querySelectorAll('input[type="radio"]').forEach(function (r) { groups[r.name] = groups[r.name] || r.checked; });
      return Object.keys(groups).every(function (name) { return groups[name]; });
    }
    function show(i) {
      current = i;
      steps.forEach(function (step, n) {
        step.hidden = n !== i;
        var need = step.querySelector("[data-need]");
        if (need) need.hidden = true;
      });
      prev.hidden = i === 0;
      next.hidden = i === steps.length - 1;
      window.scrollTo(0, 0);
    }
    function refuse(step) {
      var need = step.querySelector("[data-need]");
      if (need) need.hidden = false;
    }
    nav.hidden = false;
    next.addEventListener("click", function () {
      if (!answered(steps[current])) { refuse(steps[current]); return; }
      show(Math.min(current + 1, steps.length - 1));
    });
    prev.addEventListener("click", function () { show(Math.max(current - 1, 0)); });

    function answerMode() {
      var chosen = form.querySelector('input[name="answer"]:checked');
      form.querySelectorAll("[data-when-answer]").forEach(function (part) {
        part.hidden = !chosen || part.getAttribute("data-when-answer") !== chosen.value;
      });
    }
    form.addEventListener("change", answerMode);
    answerMode();
    show(current);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var open = steps.filter(function (step) { return !answered(step); })[0];
      if (open) { show(steps.indexOf(open)); refuse(open); return; }
      if (send) { send.disabled = true; send.textContent = form.getAttribute("data-sending") || send.textContent; }
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (response.redirected) { window.location.replace(response.url); return null; }
          return response.text().then(function (html) {
            // A refusal or a field to correct: the answer's page content replaces this one in place.
            var page = new DOMParser().parseFromString(html, "text/html");
            var main = page.getElementById("main");
            if (!main) throw new Error("no page");
            document.getElementById("main").replaceWith(main);
            setUp(main);
            if (window.KioskKeyboard) window.KioskKeyboard.attach(main);
            window.scrollTo(0, 0);
          });
        })
        .catch(function () { form.submit(); });
    });
  }

  setUp(document);
})();
