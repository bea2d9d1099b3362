/* Dashboard: period fields, charts (Chart.js) from json_script; the pickers are set up by pcts.js. */
(function () {
  "use strict";

  var NEEDS_NUMBER = { month: 12, quarter: 4, half: 2, report_quarter: 4 };

  function initPeriod() {
    var kind = document.querySelector(".dashboard-filter select[name=period]");
    if (!kind) { return; }
    var year = document.querySelector(".dashboard-field-year");
    var number = document.querySelector(".dashboard-field-number");
    var asOf = document.querySelector(".dashboard-field-as_of");
    function sync() {
      var value = kind.value;
      if (year) { year.classList.toggle("d-none", !value); }
      if (number) { number.classList.toggle("d-none", !NEEDS_NUMBER[value]); }
      if (asOf) { asOf.classList.toggle("d-none", !!value); }
      var numberInput = number && number.querySelector("input");
      if (numberInput) { numberInput.max = NEEDS_NUMBER[value] || ""; numberInput.min = 1; }
    }
    kind.addEventListener("change", sync);
    sync();
  }

  var COLORS = {
    completed_on_time: "#198754",
    completed_late: "#ffc107",
    in_progress: "#6c757d",
    within_deadline: "#6c757d",
    due_soon: "#fd7e14",
    overdue: "#dc3545",
    awaiting_review: "#0d6efd",
    no_deadline: "#adb5bd",
  };

  var LOCALE = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";

  function vnNumber(value) {
    return new Intl.NumberFormat(LOCALE).format(value);
  }

  function total(values) {
    return values.reduce(function (sum, value) { return sum + (value || 0); }, 0);
  }

  // A chart with nothing to count says so instead of drawing an empty frame.
  function showEmpty(canvas, text) {
    var note = document.createElement("p");
    note.className = "text-muted text-center my-5 chart-empty";
    note.textContent = text;
    canvas.replaceWith(note);
  }

  function initCharts() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    Chart.defaults.maintainAspectRatio = false;
    // Counts are whole numbers: no 0,2 / 0,4 ticks.
    var numberTicks = { precision: 0, callback: function (value) { return vnNumber(value); } };
    var statusCanvas = document.getElementById("chart-status");
    var overdueCanvas = document.getElementById("chart-overdue");
    var trendCanvas = document.getElementById("chart-trend");
    var trendKeys = ["completed_on_time", "completed_late", "overdue", "within_deadline", "awaiting_review"];
    var trendTotal = trendKeys.reduce(function (sum, key) { return sum + total(data.trend[key]); }, 0);
    if (!total(data.status.values)) { showEmpty(statusCanvas, data.names.empty); statusCanvas = null; }
    if (!total(data.overdue_by_unit.values)) { showEmpty(overdueCanvas, data.names.empty); overdueCanvas = null; }
    if (!trendTotal) { showEmpty(trendCanvas, data.names.empty); trendCanvas = null; }

    // The donut's legend carries each value, so the chart still reads on paper.
    var statusLabels = data.status.labels.map(function (label, i) {
      return label + ": " + vnNumber(data.status.values[i]);
    });
    if (statusCanvas) new Chart(statusCanvas, {
      type: "doughnut",
      data: {
        labels: statusLabels,
        datasets: [{
          data: data.status.values,
          backgroundColor: data.status.keys.map(function (key) { return COLORS[key]; }),
        }],
      },
      options: { plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } },
    });

    var overdue = data.overdue_by_unit;
    if (overdueCanvas) new Chart(overdueCanvas, {
      type: "bar",
      data: {
        labels: overdue.labels,
        datasets: [{ label: data.names.overdue_by_unit, data: overdue.values, backgroundColor: COLORS.overdue }],
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: numberTicks } },
        onClick: function (event, elements) {
          if (elements.length) { window.location.href = overdue.links[elements[0].index]; }
        },
      },
    });

    var trend = data.trend;
    var datasets = trendKeys.map(function (key) {
      return { type: "bar", label: data.names[key], data: trend[key], backgroundColor: COLORS[key], stack: "n", yAxisID: "y" };
    });
    datasets.push({
      type: "line", label: data.names.completion_rate, data: trend.completion_rate, borderColor: "#212529",
      backgroundColor: "#212529", yAxisID: "rate", spanGaps: true, tension: 0.2,
    });
    if (trendCanvas) new Chart(trendCanvas, {
      data: { labels: trend.labels, datasets: datasets },
      options: {
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: numberTicks },
          rate: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initPeriod();
    initCharts();
  });
})();
