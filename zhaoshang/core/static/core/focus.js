// Moves focus to the element marked data-focus-on-load (an error summary after a failed
// submit), so that keyboard and screen-reader users start where the page asks them to.
// A static file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var target = document.querySelector("[data-focus-on-load]");
  if (!target) return;
  target.focus();
  // A link in the summary moves focus to its field, not only the view to its anchor.
  target.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
