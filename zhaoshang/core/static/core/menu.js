// The workspace's menu button on narrow screens: opens and closes the navigation by
// toggling aria-expanded (the stylesheet shows the menu while it is "true").
// A static file, so that it runs under the Content-Security-Policy (no inline script).
(function () {
  "use strict";
  document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("[data-menu-toggle][aria-expanded='true']").forEach(function (button) {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    });
  });
})();
