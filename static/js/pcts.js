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

  /* Searchable pickers: a <select data-autocomplete="URL"> renders only its chosen option and
     Tom Select asks URL with q=… added for the others ({"results": [{"value", "text"}]}). */
  function initPickers(root) {
    if (typeof TomSelect === "undefined") return;
    (root || document).querySelectorAll("select[data-autocomplete]").forEach(function (select) {
      if (select.tomselect) return;
      var url = select.getAttribute("data-autocomplete");
      new TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: [],
        allowEmptyOption: true,
        maxOptions: 20,
        preload: "focus",
        loadThrottle: 250,
        load: function (query, callback) {
          var search = new URL(url, window.location.origin);
          search.searchParams.set("q", query);
          getJson(search)
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initPickers(); });

  window.PCTS = { el: el, debounce: debounce, getJson: getJson, initPickers: initPickers };
})();
