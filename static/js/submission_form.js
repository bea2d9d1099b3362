/* "Thêm dòng" on a submission's list fields: copy the blank row template, number it, count it.

   Without this script the page still works: it sends the blank rows it shows, and a saved draft
   comes back with more empty rows. */
(function () {
  "use strict";

  function addRow(table) {
    var cell = table.closest("td");
    var count = cell.querySelector("input.rows-count");
    var template = table.querySelector("template.row-template");
    if (!count || !template) return;
    var index = parseInt(count.value, 10) || 0;
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[name], [id]").forEach(function (input) {
      ["name", "id"].forEach(function (attr) {
        var value = input.getAttribute(attr);
        if (value) input.setAttribute(attr, value.replace("__row__", String(index)));
      });
    });
    row.querySelector(".row-number").textContent = String(index + 1);
    table.tBodies[0].appendChild(row);
    count.value = String(index + 1);
    var first = row.querySelector("input, textarea");
    if (first) first.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-add-row]").forEach(function (button) {
      var table = document.querySelector('table[data-rows="' + button.getAttribute("data-add-row") + '"]');
      if (!table) return;
      button.hidden = false;
      var hint = button.parentNode.querySelector(".no-js-hint");
      if (hint) hint.hidden = true;
      button.addEventListener("click", function () { addRow(table); });
    });
  });
})();
