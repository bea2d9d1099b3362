/* Small helpers shared by the page scripts (loaded on every page before them). */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        return response.json();
      }
    );
  }

  /* The search form the server matches on (units.vietnamese.fold): no marks, đ → d, lower case. */
  function fold(text) {
    return String(text || "")
      .replace(/[đĐ]/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  /* The page's picker messages, in its language (data-picker-* on <body>). */
  function pickerText(name) {
    return (document.body && document.body.dataset["picker" + name]) || "";
  }

  function message(cls, text) {
    var node = el("div", { class: cls }, text);
    return node.outerHTML;
  }

  /* Tom Select settings shared by every searchable picker.

     The server answers each query ({"results": [{"value", "text", "search"}]}, "search" being the
     folded text it matched on, short names and codes included), so the options offered locally
     are the ones holding every typed word in that same form: "snv" finds Sở Nội vụ, "tai chinh"
     finds Sở Tài chính. After a choice the typed text is cleared, so the next unit starts afresh. */
  function pickerSettings(select, url) {
    var multiple = select.multiple;
    var empty = select.querySelector('option[value=""]');
    return {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      allowEmptyOption: false,
      maxOptions: 50,
      preload: "focus",
      loadThrottle: 150,
      refreshThrottle: 0,
      clearAfterSelect: true,
      closeAfterSelect: !multiple,
      placeholder: (empty && empty.textContent.trim()) || pickerText("Placeholder"),
      plugins: multiple ? ["remove_button"] : ["clear_button"],
      score: function (query) {
        var terms = fold(query).split(" ").filter(Boolean);
        return function (item) {
          if (!terms.length) return 1;
          var haystack = item.search ? String(item.search) : fold(item.text);
          return terms.every(function (term) { return haystack.indexOf(term) >= 0; }) ? 1 : 0;
        };
      },
      // A single choice is done: leave the box, so an answer still on its way for the typed text
      // cannot reopen the list over the button the officer reaches for next.
      // The original select stays in the page for the form; name it like the box that replaces it.
      onInitialize: function () {
        var label = document.querySelector('label[for="' + this.control_input.id + '"]');
        if (label) select.setAttribute("aria-label", label.textContent.trim());
      },
      onItemAdd: function () {
        if (!multiple) this.blur();
      },
      load: function (query, callback) {
        var search = new URL(url, window.location.origin);
        search.searchParams.set("q", query);
        getJson(search)
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return message("no-results", pickerText("Empty")); },
        loading: function () { return message("spinner-border spinner-border-sm m-2", ""); },
        item: function (data, escape) {
          return '<div title="' + escape(data.text) + '">' + escape(data.text) + "</div>";
        },
      },
    };
  }

  /* Searchable pickers: a <select data-autocomplete="URL"> renders only its chosen option and
     Tom Select asks URL with q=… added for the others. */
  function initPickers(root) {
    if (typeof TomSelect === "undefined") return;
    (root || document).querySelectorAll("select[data-autocomplete]").forEach(function (select) {
      if (select.tomselect) return;
      new TomSelect(select, pickerSettings(select, select.getAttribute("data-autocomplete")));
    });
  }

  /* A form with data-confirm asks before it is sent (accepting a report closes the unit's item). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () { initPickers(); });

  window.PCTS = {
    el: el,
    debounce: debounce,
    getJson: getJson,
    fold: fold,
    pickerSettings: pickerSettings,
    initPickers: initPickers,
  };
})();
