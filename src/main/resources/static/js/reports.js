// Draws a grouped report's result (templates/analytics/report.html) with ECharts: the first grouping along the
// axis, each measure (or, with two groupings, each value of the second) a series; counts and amounts side by side
// each get a y-axis of their own. The data comes as JSON in
// #report-data (with each row's groups named as the table names them, and the page's language for the figures), so no
// script runs inline and the page's CSP stays strict.
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
        // the groups as the table names them ("sty 2024", "Q1 2024", "Wygrana"), not their raw values
        var labels = report.labels || [];
        var groups = columns.filter(function (c) { return c.key.charAt(0) === 'g'; }).length;
        var measures = columns.length - groups;
        var named = function (i, g) { return labels[i] ? labels[i][g] : '—'; };
        // figures in the page's language: whole on hover (an amount with its two decimals), shortened on an axis
        var lang = report.lang || document.documentElement.lang || undefined;
        var plain = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
        var money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        var compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
        var whole = function (column) {
            var format = column && column.type === 'MONEY' ? money : plain;
            return { valueFormatter: function (v) { return v === null || v === undefined ? '—' : format.format(v); } };
        };
        var categories = [];
        rows.forEach(function (r, i) {
            var c = named(i, 0);
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
                name: columns[groups].label, tooltip: whole(columns[groups]),
                data: rows.map(function (r, i) { return { name: named(i, 0), value: Number(r[groups]) || 0 }; })
            });
        } else if (groups === 2) {
            var values = [];
            rows.forEach(function (r, i) {
                var v = named(i, 1);
                if (values.indexOf(v) < 0) {
                    values.push(v);
                }
            });
            values.forEach(function (v) {
                series.push({
                    type: kind === 'LINE' ? 'line' : 'bar', name: v, stack: kind === 'STACKED_BAR' ? 'all' : undefined,
                    tooltip: whole(columns[2]),
                    data: categories.map(function (c) {
                        var hit = rows.filter(function (r, i) { return named(i, 0) === c && named(i, 1) === v; })[0];
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
                    tooltip: whole(columns[groups + m]),
                    data: rows.map(function (r) { return Number(r[groups + m]) || 0; })
                });
            }
        }
        // a count beside an amount: each on an axis of its own (the first measure's kind on the left)
        var figures = { fontSize: 12, formatter: function (v) { return compact.format(v); } };
        var yAxis = [{ type: 'value', name: kinds.length > 1 ? columns[groups].label : undefined,
            nameTextStyle: { align: 'left' }, axisLabel: figures }];
        if (kinds.length > 1) {
            var second = columns.slice(groups).filter(function (c) { return axisOf(c) === 1; })[0];
            yAxis.push({ type: 'value', name: second.label, position: 'right', splitLine: { show: false },
                nameTextStyle: { align: 'right' }, axisLabel: figures });
        }
        var narrow = holder.clientWidth < 480;
        var axes = kind === 'PIE' || kind === 'FUNNEL' ? {} : {
            // long names are cut to the space they have and read whole in the tooltip
            xAxis: { type: 'category', data: categories, axisLabel: { interval: 'auto', fontSize: 12,
                rotate: categories.length > (narrow ? 4 : 8) ? 30 : 0, width: narrow ? 80 : 120,
                overflow: 'truncate' } },
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

    // a condition's value: a list of the field's values (named in the page's language) where it has a fixed set of
    // them, else a text box; the values chosen are the codes the API takes
    function values() {
        var data = document.getElementById('report-values');
        if (!data) {
            return;
        }
        var choices = JSON.parse(data.textContent);
        var opsData = document.getElementById('report-ops');
        var ops = opsData ? JSON.parse(opsData.textContent) : null;
        document.querySelectorAll('select[name="filterField"]').forEach(function (field) {
            field.addEventListener('change', function () {
                // a date is compared "from"/"until", a number "at least"/"at most"
                var kind = ops ? (ops.kinds[field.value] || '') : '';
                if (ops) {
                    field.parentNode.querySelectorAll('select[name="filterOp"] option').forEach(function (option) {
                        option.textContent = ops.names[kind][option.value] || option.textContent;
                    });
                }
                var old = field.parentNode.querySelector('[name="filterValue"]');
                var options = choices[field.value];
                var next;
                if (options) {
                    next = document.createElement('select');
                    Object.keys(options).forEach(function (code) {
                        var option = document.createElement('option');
                        option.value = code;
                        option.textContent = options[code];
                        next.appendChild(option);
                    });
                } else {
                    next = document.createElement('input');
                    next.type = kind === 'date.' ? 'date' : 'text';
                    next.maxLength = 200;
                }
                next.name = 'filterValue';
                next.setAttribute('aria-label', old.getAttribute('aria-label'));
                old.parentNode.replaceChild(next, old);
            });
        });
    }

    function start() {
        values();
        draw();
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
