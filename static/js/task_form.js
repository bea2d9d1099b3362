/* Task form helpers: unit pickers (Tom Select over unit-search, scope=active) and a live deadline preview.
 * The selects hold today's units already, so the form works without this file too. */
(function () {
  "use strict";

  var el = PCTS.el, debounce = PCTS.debounce, getJson = PCTS.getJson;

  var labelsNode = document.getElementById("task-form-labels");
  var L = labelsNode ? JSON.parse(labelsNode.textContent) : {};

  // ------------------------------------------------------------------ unit pickers
  if (typeof TomSelect !== "undefined") {
    document.querySelectorAll("[data-unit-picker]").forEach(function (box) {
      var select = box.querySelector("select");
      if (select && !select.tomselect) new TomSelect(select, PCTS.pickerSettings(select, box.dataset.searchUrl));
    });
  }

  // ------------------------------------------------------------------ deadline preview
  var box = document.querySelector("[data-deadline]");
  if (!box) return;
  var input = box.querySelector("[name=deadline_text]");
  var out = box.querySelector("[data-deadline-preview]");
  var sequence = 0;

  function render(data) {
    out.replaceChildren();
    if (!data.ok) {
      out.append(el("div", { class: "text-danger small", "data-deadline-error": "" }, data.error));
      return;
    }
    var alert = el("div", { class: "alert py-2 mb-0 " + (data.flagged ? "alert-warning" : "alert-info") });
    alert.append(el("strong", {}, data.due ? L.due + " " + data.due : L.no_due));
    if (data.flagged) {
      alert.append(document.createTextNode(" — "));
      alert.append(el("span", { class: "badge text-bg-warning" }, L.confirm));
    }
    alert.append(el("div", { class: "small" }, data.note));
    (data.warnings || []).forEach(function (warning) {
      alert.append(el("div", { class: "small" }, warning));
    });
    if (data.skipped) alert.append(el("div", { class: "small", "data-deadline-skipped": "" }, data.skipped));
    out.append(alert);
  }

  var refresh = debounce(function () {
    var text = input.value.trim();
    if (!text) {
      out.replaceChildren();
      return;
    }
    var url = new URL(box.dataset.previewUrl, window.location.origin);
    url.searchParams.set("text", text);
    url.searchParams.set("directive", box.dataset.directive);
    var mine = ++sequence;
    getJson(url)
      .then(function (data) {
        if (mine === sequence) render(data);
      })
      .catch(function () {
        if (mine === sequence) render({ ok: false, error: L.network });
      });
  }, 350);

  input.addEventListener("input", refresh);
})();
