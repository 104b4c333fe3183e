/* The lead board: move a card by dragging it, with ← / → when it has focus, or to any
   stage from its "Move to…" menu (M). Moves that need something (a reason, an amount) ask
   for it in a dialog first. Each move is announced in a live region outside the board
   (which every move replaces) with an Undo button for a few seconds; a focused card is
   scrolled into the board's view. */
(function () {
  "use strict";
  var script = document.currentScript;
  var moveUrl = script.dataset.moveUrl;
  var undoUrl = script.dataset.undoUrl;
  var undoSeconds = parseInt(script.dataset.undoSeconds || "10", 10);
  var undoTimer = null;
  var lastMove = null;

  function board() { return document.getElementById("board"); }
  function csrf() { return document.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function stages() {
    return Array.prototype.map.call(board().querySelectorAll(".column"), function (c) { return c.dataset.stage; });
  }
  function label(stage) {
    var heading = board().querySelector('.column[data-stage="' + stage + '"] h2');
    return heading ? heading.firstChild.textContent.trim() : stage;
  }

  function company(card) { return card.querySelector("a").textContent.trim(); }
  function fill(text, card, stage) {
    return text.replace("__COMPANY__", company(card)).replace("__STAGE__", label(stage));
  }
  function announce(text) {
    var region = document.getElementById("board-announce");
    region.textContent = "";
    // A fresh text node after a tick, so that the same words twice are read twice.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }
  function hideUndo() {
    var button = document.getElementById("board-undo");
    button.hidden = true;
    lastMove = null;
    if (undoTimer) { window.clearTimeout(undoTimer); undoTimer = null; }
  }
  function offerUndo(id, fromStage) {
    var button = document.getElementById("board-undo");
    lastMove = { id: id, from: fromStage };
    button.hidden = false;
    if (undoTimer) { window.clearTimeout(undoTimer); }
    // A little less than the server allows, so that a press just in time still counts.
    undoTimer = window.setTimeout(hideUndo, Math.max(1, undoSeconds - 1) * 1000);
  }
  function boardError() {
    var error = board().querySelector(".board-error");
    return error ? error.textContent.trim() : "";
  }

  function post(url, values) {
    values.csrfmiddlewaretoken = csrf();
    values.query = board().dataset.query || "";
    return htmx.ajax("POST", url, { target: "#board", swap: "outerHTML", values: values });
  }

  function undo() {
    if (!lastMove) { return; }
    var move = lastMove;
    var card = document.getElementById(move.id);
    hideUndo();
    if (!card) { return; }
    post(undoUrl, { lead: card.dataset.lead, version: card.dataset.version }).then(function () {
      var back = document.getElementById(move.id);
      var error = boardError();
      if (back) { back.focus(); }
      announce(error || fill(script.dataset.undone, back || card, move.from));
    });
  }

  function send(card, stage, extra) {
    var fromStage = card.dataset.stage;
    var values = {
      csrfmiddlewaretoken: csrf(),
      lead: card.dataset.lead,
      version: card.dataset.version,
      stage: stage,
      query: board().dataset.query || ""
    };
    Object.keys(extra || {}).forEach(function (k) { values[k] = extra[k]; });
    var id = card.id;
    hideUndo();
    htmx.ajax("POST", moveUrl, { target: "#board", swap: "outerHTML", values: values }).then(function () {
      var moved = document.getElementById(id);
      var error = boardError();
      if (moved) { moved.focus(); }
      if (error) { announce(error); return; }
      announce(fill(script.dataset.moved, moved || card, stage));
      // A move to a signed stage opens a project: it is not undone from here.
      var signed = (board().dataset.needsAmount || "").split(" ").indexOf(stage) >= 0;
      if (moved && moved.dataset.stage === stage && !signed) { offerUndo(id, fromStage); }
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

  function menu(card) {
    var dialog = document.getElementById("stage-dialog");
    var form = document.getElementById("stage-form");
    document.getElementById("stage-dialog-title").textContent = fill(script.dataset.menuTitle, card, card.dataset.stage);
    form.reset();
    Array.prototype.forEach.call(form.elements.stage, function (radio) {
      radio.disabled = radio.value === card.dataset.stage;
    });
    form.onsubmit = function (event) {
      if (event.submitter && event.submitter.value === "cancel") { card.focus(); return; }
      var chosen = form.querySelector("input[name=stage]:checked");
      if (!chosen) { event.preventDefault(); return; }
      // Closed first, so that a dialog asking for a reason or an amount can open.
      event.preventDefault();
      dialog.close();
      move(card, chosen.value);
    };
    dialog.showModal();
    var first = form.querySelector("input[name=stage]:not(:disabled)");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-move-menu]");
    if (button) { event.preventDefault(); menu(button.closest(".lead-card")); return; }
    if (event.target.id === "board-undo") { undo(); }
  });

  // A card focused in a column outside the board's visible part is scrolled into view.
  document.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".lead-card");
    if (card) { card.scrollIntoView({ block: "nearest", inline: "nearest" }); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest("[data-move-menu]")) { return; }
    var card = event.target.closest && event.target.closest(".lead-card");
    if (!card) { return; }
    if (event.key === "Enter") { window.location = card.querySelector("a").href; return; }
    if (event.key === "m" || event.key === "M") { event.preventDefault(); menu(card); return; }
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
