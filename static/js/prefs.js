/* Runs in <head> before paint: apply the traveller's text-size and contrast choices for this session. */
(function () {
  var root = document.documentElement;
  root.classList.remove("no-js");
  try {
    if (sessionStorage.getItem("kiosk.large") === "1") root.classList.add("large");
    if (sessionStorage.getItem("kiosk.contrast") === "1") root.classList.add("contrast");
  } catch (e) { /* storage disabled: toggles simply do not persist */ }
})();
