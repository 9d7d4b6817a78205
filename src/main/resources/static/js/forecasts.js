// Draws the forecasts page's two charts (templates/analytics/forecasts.html) with ECharts: the weighted pipeline by
// close month beside wins and quotas, and the revenue history with its forecast and prediction bands. The data comes
// as JSON in #pipeline-data and #revenue-data, so no script runs inline and the page's CSP stays strict.
(function () {
    'use strict';

    function read(id) {
        var data = document.getElementById(id);
        return data ? JSON.parse(data.textContent) : null;
    }

    function number(v) {
        return v === null || v === undefined ? null : Number(v);
    }

    function numbers(list) {
        return list.map(number);
    }

    function show(holder, option) {
        var chart = window.echarts.init(holder);
        chart.setOption(option);
        window.addEventListener('resize', function () { chart.resize(); });
    }

    function pipeline() {
        var holder = document.getElementById('pipeline-chart');
        var data = read('pipeline-data');
        if (!holder || !data) {
            return;
        }
        show(holder, {
            tooltip: { trigger: 'axis' },
            legend: { type: 'scroll', bottom: 0 },
            grid: { left: 16, right: 16, top: 16, bottom: 48, containLabel: true },
            xAxis: { type: 'category', data: data.categories },
            yAxis: { type: 'value' },
            series: data.series.map(function (s) {
                return {
                    type: s.type, name: s.name, stack: s.stack, data: numbers(s.data),
                    symbol: s.type === 'line' ? 'diamond' : undefined, symbolSize: 10,
                    lineStyle: s.type === 'line' ? { type: 'dashed', width: 2 } : undefined
                };
            })
        });
    }

    function revenue() {
        var holder = document.getElementById('revenue-chart');
        var data = read('revenue-data');
        if (!holder || !data) {
            return;
        }
        // a band is drawn as an invisible base at its low edge with its width stacked on top
        function width(low, high) {
            return low.map(function (l, i) { return l === null ? null : Number(high[i]) - Number(l); });
        }
        function band(name, low, high, opacity) {
            return [
                { type: 'line', name: name, stack: name, data: numbers(low), symbol: 'none', lineStyle: { opacity: 0 },
                  itemStyle: { color: 'rgba(47, 111, 222, ' + opacity + ')' }, tooltip: { show: false } },
                { type: 'line', name: name, stack: name, data: width(low, high), symbol: 'none',
                  lineStyle: { opacity: 0 }, areaStyle: { color: '#2f6fde', opacity: opacity },
                  itemStyle: { color: 'rgba(47, 111, 222, ' + opacity + ')' }, tooltip: { show: false } }
            ];
        }
        show(holder, {
            tooltip: { trigger: 'axis' },
            legend: { type: 'scroll', bottom: 0, data: [data.names.history, data.names.forecast, data.names.band95,
                data.names.band80] },
            grid: { left: 16, right: 16, top: 16, bottom: 48, containLabel: true },
            xAxis: { type: 'category', data: data.categories, boundaryGap: false },
            yAxis: { type: 'value' },
            series: band(data.names.band95, data.low95, data.high95, 0.15)
                .concat(band(data.names.band80, data.low80, data.high80, 0.3))
                .concat([
                    { type: 'line', name: data.names.history, data: numbers(data.history), symbolSize: 5,
                      itemStyle: { color: '#1f2937' } },
                    { type: 'line', name: data.names.forecast, data: numbers(data.forecast), symbolSize: 6,
                      lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#2f6fde' } }
                ])
        });
    }

    function draw() {
        if (!window.echarts) {
            return;
        }
        pipeline();
        revenue();
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', draw);
    } else {
        draw();
    }
}());
