// The policy editor: the three language sections become tabs (arrow keys move between
// them); without this script they stay one below the other.
(function () {
  "use strict";
  const fieldset = document.querySelector("fieldset.texts");
  if (!fieldset) return;
  const list = fieldset.querySelector("[role=tablist]");
  const tabs = Array.from(list.querySelectorAll("[role=tab]"));
  const panels = tabs.map((tab) => document.getElementById(tab.getAttribute("aria-controls")));
  function select(index, focus) {
    tabs.forEach((tab, i) => {
      const chosen = i === index;
      tab.setAttribute("aria-selected", chosen ? "true" : "false");
      tab.tabIndex = chosen ? 0 : -1;
      panels[i].hidden = !chosen;
    });
    if (focus) tabs[index].focus();
  }
  list.hidden = false;
  fieldset.classList.add("js-tabs");
  // Open the first language whose fields carry an error, else the first.
  const withError = panels.findIndex((panel) => panel.querySelector(".errorlist"));
  select(withError >= 0 ? withError : 0, false);
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(i, false));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -i, End: tabs.length - 1 - i };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select((i + moves[event.key] + tabs.length) % tabs.length, true);
    });
  });
})();
