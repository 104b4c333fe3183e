/* The visit form: "Add an action" adds an empty row in place instead of reloading the page.
   Without JavaScript the same button asks the server for the page with one more row. */
(function () {
  "use strict";
  var button = document.getElementById("add-action");
  var table = document.getElementById("action-rows");
  var template = document.getElementById("action-row-template");
  if (!button || !table || !template) { return; }
  var total = document.querySelector("input[name=actions-TOTAL_FORMS]");
  var max = parseInt(table.dataset.max, 10);

  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    if (index >= max) { return; }
    var holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.querySelector("tr");
    table.tBodies[0].appendChild(row);
    total.value = String(index + 1);
    button.disabled = index + 1 >= max;
    var first = row.querySelector("[name$=description]");
    if (first) { first.focus(); }
  });
}());
