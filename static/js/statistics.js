// Draws the statistics page's charts from the JSON the page embeds (no inline scripts: CSP).
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

  draw("chart-organizations", {
    color: red,
    tooltip: {},
    grid: { left: 40, right: 10, top: 20, bottom: 30 },
    xAxis: { type: "category", data: data.organizations.labels },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.organizations.values, label: { show: true, position: "top" } }],
  });
  draw("chart-members", {
    color: red,
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["40%", "70%"], data: data.members, label: { formatter: "{b}\n{c}" } }],
  });
})();
