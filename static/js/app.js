// jiceng: the one script every page loads (about 2 KB). It loads a library only where the page
// uses it (htmx for hx-* attributes, Alpine for x-data, ECharts for data-chart, the person picker for data-picker), so a page
// pays only for what it shows; and it replaces inline handlers, which the Content-Security-Policy
// forbids: data-confirm="…" (ask before a click or a submit), data-autosubmit (submit the form
// on change), data-print (print the page), data-back (the previous page); and it labels table cells for the phone cards (data-label), data-bs-toggle="collapse" (the phone menu).
(function () {
  var me = document.currentScript;
  var LIBS = {
    htmx: { test: "[hx-get],[hx-post],[hx-put],[hx-patch],[hx-delete],[hx-trigger],[hx-boost],[data-hx-get],[data-hx-post]" },
    alpine: { test: "[x-data]" },
    echarts: { test: "[data-chart]" },
    bootstrap: { test: "[data-bs-toggle]:not([data-bs-toggle=collapse]),[data-bs-dismiss]" },
    picker: { test: "[data-picker],[data-pick]" }
  };
  var loading = {};
  // A library loaded here may arrive after DOMContentLoaded and wait for it forever (htmx does):
  // a listener for it added after the event runs at once instead, as "when the DOM is ready" means.
  // (Loaded from here, before the load event, a library is ready before the page counts as loaded.)
  var domReady = false;
  document.addEventListener("DOMContentLoaded", function () { domReady = true; });
  var addListener = document.addEventListener;
  document.addEventListener = function (type, fn, options) {
    if (type === "DOMContentLoaded" && domReady) { fn.call(document, new Event(type)); return; }
    return addListener.call(document, type, fn, options);
  };

  function load(name, then) {
    if (loading[name]) { loading[name].push(then); return; }
    loading[name] = [then];
    var script = document.createElement("script");
    script.src = me.dataset[name];
    script.onload = function () { loading[name].forEach(function (fn) { fn(); }); loading[name] = { push: function (fn) { fn(); } }; };
    document.head.appendChild(script);
  }

  // A choice made before htmx has taken charge of its element (a slow phone: the script not yet
  // loaded, or loaded but the page not yet processed) is not lost: the element is remembered and
  // its change event sent again once htmx has processed it, so the page still updates.
  var early = [];
  function processed(el) {
    var data = window.htmx && el["htmx-internal-data"];
    return !!(data && data.initHash);
  }
  function replay() {
    early = early.filter(function (el) {
      if (!processed(el)) return true;
      el.dispatchEvent(new Event("change", { bubbles: true }));
      return false;
    });
    if (early.length && window.htmx) setTimeout(replay, 50);
  }
  function remember(e) {
    if (!e.target.closest) return;
    var el = e.target.closest(LIBS.htmx.test);
    if (!el || processed(el) || early.indexOf(el) >= 0) return;
    early.push(el);
    if (window.htmx) setTimeout(replay, 50);
  }
  document.addEventListener("change", remember, true);

  // The main menu's groups: opening one closes the others, a click elsewhere closes them all.
  document.addEventListener("click", function (e) {
    var inside = e.target.closest ? e.target.closest(".nav-group > details") : null;
    document.querySelectorAll(".nav-group > details[open]").forEach(function (d) { if (d !== inside) d.open = false; });
  });

  function need(root) {
    Object.keys(LIBS).forEach(function (name) {
      if (root.querySelector(LIBS[name].test) || (root.matches && root.matches(LIBS[name].test))) {
        load(name, function () {
          if (name === "echarts") drawCharts(document);
          if (name === "htmx") replay();
        });
      }
    });
  }

  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var option = JSON.parse(el.dataset.chart);
      option.animation = false;
      // Pyramids store one side as negative numbers; show magnitudes.
      if (option.xAxis && option.xAxis.axisLabel && option.xAxis.axisLabel.formatter === "abs") {
        option.xAxis.axisLabel.formatter = function (v) { return Math.abs(v); };
        option.tooltip.valueFormatter = function (v) { return Math.abs(v); };
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm]");
    if (el && el.tagName !== "FORM" && !window.confirm(el.dataset.confirm)) { e.preventDefault(); return; }
    if (e.target.closest("[data-print]")) { e.preventDefault(); window.print(); return; }
    // data-back: the previous page when there is one (the link's own href otherwise).
    if (e.target.closest("[data-back]") && window.history.length > 1) { e.preventDefault(); window.history.back(); return; }
    var toggle = e.target.closest("[data-bs-toggle=collapse]");
    if (toggle) {
      var target = document.querySelector(toggle.dataset.bsTarget);
      if (target) {
        var open = target.classList.toggle("show");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      }
    }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });
  document.addEventListener("change", function (e) {
    var el = e.target.closest("[data-autosubmit]");
    if (el && el.form) el.form.submit();
  });
  // Tables become cards on phones (app.css, below 576 px): each cell carries its column's
  // heading in data-label, taken from the table's header row (a template may set its own).
  function labelTables(root) {
    root.querySelectorAll("table.table:not(.table-keep)").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) return;
      var labels = [];
      Array.prototype.forEach.call(head.cells, function (th) {
        for (var i = 0; i < th.colSpan; i++) labels.push(th.textContent.trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          var column = 0;
          Array.prototype.forEach.call(tr.cells, function (cell) {
            if (cell.colSpan === 1 && labels[column] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[column]);
            column += cell.colSpan;
          });
        });
      });
    });
  }

  labelTables(document);
  need(document);  // a deferred script: the whole document is parsed when it runs
  document.addEventListener("htmx:afterSettle", function (e) { labelTables(document); need(e.target); drawCharts(e.target); });
})();
