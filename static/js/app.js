// jiceng: draw every ECharts chart declared with data-chart='{"option": …}' (also after htmx swaps).
(function () {
  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var option = JSON.parse(el.dataset.chart);
      option.animation = false;
      // Pyramids store one side as negative numbers; show magnitudes.
      if (option.xAxis && option.xAxis.axisLabel && option.xAxis.axisLabel.formatter === "abs") {
        option.xAxis.axisLabel.formatter = function (v) { return Math.abs(v); };
        option.tooltip.valueFormatter = function (v) { return Math.abs(v); };
      }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
