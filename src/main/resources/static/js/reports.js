// Draws a grouped report's result (templates/analytics/report.html) with ECharts: the first grouping along the
// axis, each measure (or, with two groupings, each value of the second) a series. The data comes as JSON in
// #report-data, so no script runs inline and the page's CSP stays strict.
(function () {
    'use strict';

    function draw() {
        var holder = document.getElementById('report-chart');
        var data = document.getElementById('report-data');
        if (!holder || !data || !window.echarts) {
            return;
        }
        var report = JSON.parse(data.textContent);
        var columns = report.columns;
        var rows = report.rows;
        var groups = columns.filter(function (c) { return c.key.charAt(0) === 'g'; }).length;
        var measures = columns.length - groups;
        var label = function (v) { return v === null || v === undefined ? '—' : String(v); };
        var categories = [];
        rows.forEach(function (r) {
            var c = label(r[0]);
            if (categories.indexOf(c) < 0) {
                categories.push(c);
            }
        });
        var series = [];
        var kind = report.chart;
        if (kind === 'PIE' || kind === 'FUNNEL') {
            series.push({
                type: kind === 'PIE' ? 'pie' : 'funnel', radius: kind === 'PIE' ? ['35%', '70%'] : undefined,
                name: columns[groups].label,
                data: rows.map(function (r) { return { name: label(r[0]), value: Number(r[groups]) || 0 }; })
            });
        } else if (groups === 2) {
            var values = [];
            rows.forEach(function (r) {
                var v = label(r[1]);
                if (values.indexOf(v) < 0) {
                    values.push(v);
                }
            });
            values.forEach(function (v) {
                series.push({
                    type: kind === 'LINE' ? 'line' : 'bar', name: v, stack: kind === 'STACKED_BAR' ? 'all' : undefined,
                    data: categories.map(function (c) {
                        var hit = rows.filter(function (r) { return label(r[0]) === c && label(r[1]) === v; })[0];
                        return hit ? Number(hit[2]) || 0 : 0;
                    })
                });
            });
        } else {
            for (var m = 0; m < measures; m++) {
                series.push({
                    type: kind === 'LINE' ? 'line' : 'bar', name: columns[groups + m].label,
                    stack: kind === 'STACKED_BAR' ? 'all' : undefined,
                    data: rows.map(function (r) { return Number(r[groups + m]) || 0; })
                });
            }
        }
        var axes = kind === 'PIE' || kind === 'FUNNEL' ? {} : {
            xAxis: { type: 'category', data: categories, axisLabel: { interval: 'auto', rotate: categories.length > 8 ? 30 : 0 } },
            yAxis: { type: 'value' }
        };
        var chart = window.echarts.init(holder);
        chart.setOption(Object.assign({
            tooltip: { trigger: kind === 'PIE' || kind === 'FUNNEL' ? 'item' : 'axis' },
            legend: { type: 'scroll', bottom: 0 },
            grid: { left: 56, right: 16, top: 16, bottom: 64, containLabel: true },
            series: series
        }, axes));
        window.addEventListener('resize', function () { chart.resize(); });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', draw);
    } else {
        draw();
    }
}());
