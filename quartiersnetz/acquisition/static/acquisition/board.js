/* Acquisition board: drag and drop as an enhancement of the move forms on every card (which work without
   JavaScript and by keyboard). A drop sets the card's stage list and submits its form; htmx answers with the new
   board, and the focus goes back to the moved card. */
(function () {
  "use strict";
  var dragged = null;

  function board() { return document.getElementById("qn-board"); }

  function submitMove(card, stage) {
    var form = card.querySelector("form.qn-board__move");
    if (!form) { return; }
    var select = form.querySelector("select[name=to_stage]");
    if (!select || select.value === stage) { return; }
    select.value = stage;
    if (window.htmx) { window.htmx.trigger(form, "submit"); } else if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".qn-board__card[draggable=true]");
    if (!card) { return; }
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });
  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragging"); }
    dragged = null;
    document.querySelectorAll(".qn-board__column.is-drop-target").forEach(function (c) { c.classList.remove("is-drop-target"); });
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".qn-board__column");
    if (!column || !dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".qn-board__column.is-drop-target").forEach(function (c) { if (c !== column) { c.classList.remove("is-drop-target"); } });
    column.classList.add("is-drop-target");
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".qn-board__column");
    if (!column || !dragged) { return; }
    event.preventDefault();
    column.classList.remove("is-drop-target");
    submitMove(dragged, column.getAttribute("data-stage"));
  });

  function focusMoved() {
    var b = board();
    var id = b && b.getAttribute("data-qn-focus");
    var card = id && document.getElementById(id);
    if (card) {
      b.removeAttribute("data-qn-focus");
      card.focus();
    }
  }
  document.addEventListener("htmx:afterSettle", focusMoved);
})();
