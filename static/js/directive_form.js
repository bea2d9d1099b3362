/* Live help for registering and linking directives: symbol parsing, duplicates, cited references.
 * Loaded as a static file so it runs under the CSP (script-src 'self'); the server re-checks
 * everything on submit, so the pages also work without it. Text goes in with textContent only. */
(function () {
  "use strict";

  var el = PCTS.el, debounce = PCTS.debounce, getJson = PCTS.getJson;

  var labelsNode = document.getElementById("directive-form-labels");
  var L = labelsNode ? JSON.parse(labelsNode.textContent) : {};

  document.querySelectorAll(".js-only").forEach(function (node) {
    node.classList.remove("d-none");
  });

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // ------------------------------------------------------------------ symbol preview
  var form = document.getElementById("directive-form");
  if (form) {
    var symbolInput = form.querySelector("[name=raw_symbol]");
    var dateInput = form.querySelector("[name=issued_on]");
    var panel = document.querySelector("[data-symbol-preview]");
    var card = document.getElementById("symbol-preview");
    var sequence = 0;

    var refresh = debounce(function () {
      var raw = symbolInput.value.trim();
      if (!raw) {
        panel.replaceChildren();
        card.classList.add("d-none");
        return;
      }
      var url = new URL(form.dataset.parseUrl, window.location.origin);
      url.searchParams.set("symbol", raw);
      if (dateInput.value.trim()) url.searchParams.set("issued_on", dateInput.value.trim());
      var mine = ++sequence;
      getJson(url)
        .then(function (data) {
          if (mine === sequence) renderSymbol(data);
        })
        .catch(function () {
          if (mine === sequence) renderMessage(L.network, "text-danger");
        });
    }, 300);

    function renderMessage(text, css) {
      card.classList.remove("d-none");
      panel.replaceChildren(el("div", { class: css }, text));
    }

    function row(list, term, value) {
      if (!value) return;
      list.append(el("dt", { class: "col-5" }, term));
      list.append(el("dd", { class: "col-7 mb-0" }, value));
    }

    function renderSymbol(data) {
      card.classList.remove("d-none");
      panel.replaceChildren();
      if (!data.ok) {
        panel.append(el("div", { class: "text-danger", "data-symbol-error": "" }, data.error));
        return;
      }
      var list = el("dl", { class: "row mb-1" });
      row(list, L.number, data.number);
      row(list, L.type, [data.type_name, data.doc_type ? "(" + data.doc_type + ")" : ""].join(" ").trim());
      row(list, L.issuer, data.issuer);
      row(list, L.drafting, data.drafting_unit);
      row(list, L.year, data.year ? String(data.year) : "");
      row(list, L.track, (L.tracks || {})[data.track] + " · " + data.kind_label);
      panel.append(list);
      if (data.date_error) panel.append(el("div", { class: "text-danger" }, data.date_error));
      if (data.warnings.length) {
        var warnings = el("ul", { class: "text-warning-emphasis mb-1 ps-3" });
        data.warnings.forEach(function (warning) {
          warnings.append(el("li", {}, warning));
        });
        panel.append(warnings);
      }
      (data.suggestions || []).forEach(function (suggestion) {
        var line = el("div", { class: "mb-1" }, L.suggest + " «" + suggestion + "»? ");
        var use = el("button", { type: "button", class: "btn btn-sm btn-outline-primary py-0" }, L.use + " " + suggestion);
        use.addEventListener("click", function () {
          symbolInput.value = suggestion;
          refresh();
        });
        line.append(use);
        panel.append(line);
      });
      if (data.duplicate) {
        var alert = el("div", { class: "alert alert-danger py-1 px-2 mb-0" }, L.duplicate + " ");
        alert.append(el("a", { href: data.duplicate.url, class: "alert-link" }, data.duplicate.symbol + " — " + L.open_existing));
        panel.append(alert);
      }
    }

    symbolInput.addEventListener("input", refresh);
    dateInput.addEventListener("input", refresh);
    if (symbolInput.value.trim()) refresh();

    // A classified directive keeps no text or file on the system: disable those inputs.
    var classified = form.querySelector("[name=is_classified]");
    var unclassifiedOnly = form.querySelector("[data-unclassified-only]");
    if (classified && unclassifiedOnly) {
      var toggle = function () {
        unclassifiedOnly.classList.toggle("d-none", classified.checked);
        unclassifiedOnly.querySelectorAll("input, textarea").forEach(function (input) {
          input.disabled = classified.checked;
        });
      };
      classified.addEventListener("change", toggle);
      toggle();
    }
  }

  // ------------------------------------------------------------------ links on the create form
  function addLinkRow(symbol, issuedOn, kind) {
    var rows = document.querySelector("[data-link-rows]");
    if (!rows) return false;
    var target = null;
    rows.querySelectorAll("[data-link-row]").forEach(function (candidate) {
      var input = candidate.querySelector("[data-link-symbol]");
      if (!target && input && !input.value.trim()) target = candidate;
    });
    if (!target) {
      var total = document.querySelector("[name=links-TOTAL_FORMS]");
      var max = document.querySelector("[name=links-MAX_NUM_FORMS]");
      var count = parseInt(total.value, 10);
      if (max && count >= parseInt(max.value, 10)) return false;
      var template = document.getElementById("link-row-template");
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(count));
      target = holder.querySelector("[data-link-row]");
      rows.append(target);
      total.value = String(count + 1);
    }
    target.querySelector("[data-link-symbol]").value = symbol;
    target.querySelector("[data-link-date]").value = issuedOn || "";
    var kindSelect = target.querySelector("select");
    if (kindSelect) kindSelect.value = kind;
    return true;
  }

  // ------------------------------------------------------------------ references in pasted text
  document.querySelectorAll("[data-references]").forEach(function (box) {
    var text = box.querySelector("[data-references-text]");
    var list = box.querySelector("[data-references-list]");
    var status = box.querySelector("[data-references-status]");
    var kindSelect = box.querySelector("[data-references-kind]");

    box.querySelector("[data-references-find]").addEventListener("click", function () {
      status.textContent = L.checking;
      list.replaceChildren();
      fetch(box.dataset.findUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ text: text.value }),
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (!data.ok) {
            status.textContent = data.error;
            return;
          }
          render(data.references);
        })
        .catch(function () {
          status.textContent = L.network;
        });
    });

    function render(references) {
      status.textContent = references.length ? L.found.replace("%(n)s", references.length) : L.none_found;
      references.forEach(function (ref) {
        var item = el("li", { class: "list-group-item px-0 d-flex align-items-start gap-2" });
        var body = el("div", { class: "me-auto" });
        var name = ref.symbol || ref.number + (ref.year ? "/" + ref.year : "");
        body.append(el("span", { class: "symbol fw-semibold" }, (ref.type_word ? ref.type_word + " " : "") + name));
        if (ref.issued_on) body.append(document.createTextNode(" · " + ref.issued_on));
        var note = el("div", { class: "small text-muted" });
        if (ref.partial) {
          note.textContent = L.partial;
        } else if (ref.registered) {
          note.append(document.createTextNode(L.registered + ": "));
          note.append(el("a", { href: ref.registered.url }, ref.registered.symbol));
        } else {
          note.textContent = L.stub;
        }
        body.append(note);
        item.append(body);
        if (!ref.partial) {
          var button = el("button", { type: "button", class: "btn btn-sm btn-outline-primary" }, L.link);
          button.addEventListener("click", function () {
            link(ref, button);
          });
          item.append(button);
        }
        list.append(item);
      });
    }

    function link(ref, button) {
      var kind = kindSelect.value;
      if (!box.dataset.linkUrl) {
        if (addLinkRow(ref.symbol, ref.issued_on, kind)) {
          button.disabled = true;
          button.textContent = L.added;
        }
        return;
      }
      button.disabled = true;
      var payload = new URLSearchParams({ symbol: ref.symbol, kind: kind, issued_on: ref.issued_on || "" });
      fetch(box.dataset.linkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: payload,
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (data.ok) {
            button.textContent = L.linked;
            button.classList.replace("btn-outline-primary", "btn-success");
            status.replaceChildren(document.createTextNode(data.message + " "));
            status.append(el("a", { href: data.link.target.url }, data.link.target.symbol));
          } else {
            button.disabled = false;
            status.textContent = data.error;
          }
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = L.network;
        });
    }
  });
})();
