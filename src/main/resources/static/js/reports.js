// Draws a grouped report's result (templates/analytics/report.html) with ECharts: the first grouping along the
// axis, each measure (or, with two groupings, each value of the second) a series; counts and amounts side by side
// each get a y-axis of their own. The data comes as JSON in
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
        // what each measure holds (NUMBER: counts and quantities, MONEY: amounts): a kind per y-axis
        var kinds = [];
        columns.slice(groups, groups < 2 ? columns.length : groups + 1).forEach(function (c) {
            if (kinds.indexOf(c.type) < 0) {
                kinds.push(c.type);
            }
        });
        var axisOf = function (column) { return kinds.indexOf(column.type) > 0 ? 1 : 0; };
        if (kind === 'PIE' || kind === 'FUNNEL') {
            series.push({
                type: kind === 'PIE' ? 'pie' : 'funnel', radius: kind === 'PIE' ? ['35%', '70%'] : undefined,
                // a funnel keeps the table's order (stages as the pipeline runs), not ECharts' largest first
                sort: kind === 'FUNNEL' ? 'none' : undefined,
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
                var axis = axisOf(columns[groups + m]);
                series.push({
                    type: kind === 'LINE' ? 'line' : 'bar', name: columns[groups + m].label,
                    stack: kind === 'STACKED_BAR' ? 'all' + axis : undefined, yAxisIndex: axis,
                    data: rows.map(function (r) { return Number(r[groups + m]) || 0; })
                });
            }
        }
        // a count beside an amount: each on an axis of its own (the first measure's kind on the left)
        var yAxis = [{ type: 'value', name: kinds.length > 1 ? columns[groups].label : undefined,
            nameTextStyle: { align: 'left' } }];
        if (kinds.length > 1) {
            var second = columns.slice(groups).filter(function (c) { return axisOf(c) === 1; })[0];
            yAxis.push({ type: 'value', name: second.label, position: 'right', splitLine: { show: false },
                nameTextStyle: { align: 'right' } });
        }
        var axes = kind === 'PIE' || kind === 'FUNNEL' ? {} : {
            xAxis: { type: 'category', data: categories, axisLabel: { interval: 'auto', rotate: categories.length > 8 ? 30 : 0 } },
            yAxis: yAxis
        };
        var chart = window.echarts.init(holder);
        chart.setOption(Object.assign({
            tooltip: { trigger: kind === 'PIE' || kind === 'FUNNEL' ? 'item' : 'axis' },
            legend: { type: 'scroll', bottom: 0 },
            grid: { left: 56, right: yAxis.length > 1 ? 56 : 16, top: yAxis.length > 1 ? 40 : 16, bottom: 64, containLabel: true },
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
