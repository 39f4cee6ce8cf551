// The superiors report's bar chart: departments led by each superior (no inline scripts: CSP).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("superiors-data").textContent);
  var el = document.getElementById("chart-superiors");
  if (!el || !window.echarts) return;
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#b71c1c"],
    tooltip: {},
    grid: { left: 10, right: 30, top: 10, bottom: 10, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.labels, inverse: true },
    series: [{ type: "bar", data: data.values, label: { show: true, position: "right" } }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
