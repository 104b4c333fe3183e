/* The lead board: move a card by dragging it or with ← / → when it has focus.
   Moves that need something (a reason, an amount) ask for it in a dialog first. */
(function () {
  "use strict";
  var script = document.currentScript;
  var moveUrl = script.dataset.moveUrl;

  function board() { return document.getElementById("board"); }
  function csrf() { return document.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function stages() {
    return Array.prototype.map.call(board().querySelectorAll(".column"), function (c) { return c.dataset.stage; });
  }
  function label(stage) {
    var heading = board().querySelector('.column[data-stage="' + stage + '"] h2');
    return heading ? heading.firstChild.textContent.trim() : stage;
  }

  function send(card, stage, extra) {
    var values = {
      csrfmiddlewaretoken: csrf(),
      lead: card.dataset.lead,
      version: card.dataset.version,
      stage: stage,
      query: board().dataset.query || ""
    };
    Object.keys(extra || {}).forEach(function (k) { values[k] = extra[k]; });
    var id = card.id;
    htmx.ajax("POST", moveUrl, { target: "#board", swap: "outerHTML", values: values }).then(function () {
      var moved = document.getElementById(id);
      if (moved) { moved.focus(); }
    });
  }

  function ask(card, stage, needsReason, needsAmount) {
    var dialog = document.getElementById("move-dialog");
    var form = document.getElementById("move-form");
    var error = document.getElementById("move-error");
    dialog.querySelector('[data-needs="reason"]').hidden = !needsReason;
    dialog.querySelector('[data-needs="amount"]').hidden = !needsAmount;
    document.getElementById("move-dialog-title").textContent = needsReason
      ? script.dataset.reasonTitle.replace("__STAGE__", label(stage))
      : script.dataset.amountTitle;
    error.textContent = "";
    form.reset();
    form.onsubmit = function (event) {
      if (event.submitter && event.submitter.value === "cancel") { card.focus(); return; }
      var reason = form.elements.reason.value.trim();
      var amount = form.elements.investment_amount.value.trim();
      if (needsReason && !reason) { event.preventDefault(); error.textContent = script.dataset.reasonMissing; return; }
      if (needsAmount && !amount) { event.preventDefault(); error.textContent = script.dataset.amountMissing; return; }
      var extra = { reason: reason };
      if (needsAmount) {
        extra.investment_amount = amount;
        extra.investment_currency = form.elements.investment_currency.value.trim();
      }
      send(card, stage, extra);
    };
    dialog.showModal();
    (needsReason ? form.elements.reason : form.elements.investment_amount).focus();
  }

  function move(card, stage) {
    if (!stage || stage === card.dataset.stage) { return; }
    var b = board();
    var needsReason = (b.dataset.needsReason || "").split(" ").indexOf(stage) >= 0;
    var needsAmount = (b.dataset.needsAmount || "").split(" ").indexOf(stage) >= 0 && !card.dataset.hasAmount;
    if (needsReason || needsAmount) { ask(card, stage, needsReason, needsAmount); } else { send(card, stage, {}); }
  }

  document.addEventListener("keydown", function (event) {
    var card = event.target.closest && event.target.closest(".lead-card");
    if (!card) { return; }
    if (event.key === "Enter") { window.location = card.querySelector("a").href; return; }
    var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) { return; }
    event.preventDefault();
    var all = stages();
    move(card, all[all.indexOf(card.dataset.stage) + step]);
  });

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".lead-card");
    if (card) { event.dataTransfer.setData("text/plain", card.id); }
  });
  document.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest(".column")) { event.preventDefault(); }
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".column");
    var card = document.getElementById(event.dataTransfer.getData("text/plain"));
    if (column && card) { event.preventDefault(); move(card, column.dataset.stage); }
  });
})();
