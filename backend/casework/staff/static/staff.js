// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to an error message so keyboard and screen-reader users hear it first.
  var err = document.querySelector("[data-focus]");
  if (err) { err.focus(); }
  // Reclassify form: show the fields that apply to the chosen category only.
  var form = document.querySelector("form[data-reclassify]");
  if (form) {
    var select = form.querySelector("select[name=category]");
    var update = function () {
      form.querySelectorAll("[data-when]").forEach(function (el) {
        el.hidden = el.getAttribute("data-when") !== select.value;
      });
    };
    select.addEventListener("change", update);
    update();
  }
  // Confirm before closing a complaint (the action cannot be undone from this page).
  document.querySelectorAll("button.danger").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm("Close this complaint?")) { e.preventDefault(); }
    });
  });
})();
