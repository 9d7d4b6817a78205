// Draws the customer groups page's chart (templates/analytics/models/groups.html) with ECharts: each group's share of
// customers beside its share of revenue. The data comes as JSON in #groups-data, so no script runs inline.
(function () {
    'use strict';

    function draw() {
        var holder = document.getElementById('groups-chart');
        var data = document.getElementById('groups-data');
        if (!holder || !data || !window.echarts) {
            return;
        }
        var chart = JSON.parse(data.textContent);
        var shown = window.echarts.init(holder);
        shown.setOption({
            tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + ' %'; } },
            legend: { bottom: 0 },
            grid: { left: 16, right: 16, top: 16, bottom: 48, containLabel: true },
            xAxis: { type: 'category', data: chart.categories },
            yAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
            series: chart.series.map(function (s) {
                return { type: 'bar', name: s.name, data: s.data.map(Number) };
            })
        });
        window.addEventListener('resize', function () { shown.resize(); });
    }

    document.addEventListener('DOMContentLoaded', draw);
})();
