// Draws the statistics page's charts from the JSON the page embeds (no inline scripts: CSP):
// the age pyramid (men to the left, women to the right) and the members at each year's end.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var red = ["#b71c1c", "#e57373", "#ffb74d", "#90a4ae"];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var p = data.pyramid;
  draw("chart-pyramid", {
    color: ["#1565c0", "#b71c1c"],
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      valueFormatter: function (v) { return Math.abs(v); },
    },
    legend: { bottom: 0, data: p.names },
    grid: { left: 10, right: 10, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: "value", axisLabel: { formatter: function (v) { return Math.abs(v); } } },
    yAxis: { type: "category", data: p.bands, axisTick: { show: false } },
    series: [
      { name: p.names[0], type: "bar", stack: "all", data: p.men.map(function (v) { return -v; }),
        label: { show: true, position: "left", formatter: function (x) { return Math.abs(x.value); } } },
      { name: p.names[1], type: "bar", stack: "all", data: p.women, label: { show: true, position: "right" } },
    ],
  });
  draw("chart-years", {
    color: red,
    tooltip: { trigger: "axis" },
    grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: data.years.labels },
    yAxis: { type: "value", scale: true },
    series: [{ type: "line", data: data.years.values, label: { show: true }, areaStyle: { opacity: 0.08 } }],
  });
})();
