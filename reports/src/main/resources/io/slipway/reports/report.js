// Draws the report's charts from RUN (computed by ReportModel) with ECharts. Sets
// document.body.dataset.rendered to "ok" when every chart is drawn; errors land in data-errors.
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.dataset.errors = errors.join(' | ');
  });
  var seconds = function (ms) { return (ms / 1000).toFixed(1) + ' s'; };
  // tooltips are HTML: whatever came from a probe, a host or a step is text, and shown as text
  var text = function (value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  };
  var faultAreas = RUN.faults.map(function (f) {
    return [{ name: f.label, xAxis: f.from, itemStyle: { color: 'rgba(179,38,30,0.10)' } }, { xAxis: f.to }];
  });
  var markerLines = RUN.markers.map(function (m) {
    var color = m.kind === 'leader' ? '#6b4fbb' : m.kind === 'ready' ? '#1f7a3d' : '#b3261e';
    return { xAxis: m.t, name: m.label, lineStyle: { color: color, type: 'dashed' }, label: { formatter: m.label, color: color } };
  });
  var lanes = document.getElementById('lanes');
  Object.keys(RUN.lanes).sort().forEach(function (probe) {
    var data = RUN.lanes[probe];
    var div = document.createElement('div');
    div.className = 'lane';
    div.dataset.lane = probe;
    lanes.appendChild(div);
    var chart = echarts.init(div, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      title: { text: probe, left: 8, top: 4, textStyle: { fontSize: 13 } },
      grid: { left: 16, right: 24, top: 30, bottom: 28, containLabel: true },
      tooltip: { trigger: 'item', formatter: function (p) {
        return text(p.seriesName) + ' at ' + seconds(p.value[0]) + ': ' + text(p.value[1]) + ' ms'
          + (p.value[2] ? '<br>' + text(p.value[2]) : '');
      } },
      xAxis: { type: 'value', min: Math.max(0, RUN.probesFrom - 2000), max: RUN.duration, axisLabel: { formatter: seconds } },
      yAxis: { type: 'log', min: 1, axisLabel: { formatter: '{value} ms' } },
      series: [
        { name: 'ok', type: 'scatter', symbolSize: 4, itemStyle: { color: '#2b6cb0' }, data: data.ok || [],
          markArea: { silent: true, label: { position: 'insideTop', fontSize: 10, color: '#b3261e' }, data: faultAreas },
          markLine: { silent: true, symbol: 'none', label: { fontSize: 10, position: 'insideEndTop' }, data: markerLines } },
        { name: 'fail', type: 'scatter', symbol: 'diamond', symbolSize: 8, itemStyle: { color: '#b3261e' }, data: data.fail || [] },
        { name: 'indeterminate', type: 'scatter', symbol: 'triangle', symbolSize: 8, itemStyle: { color: '#c98a00' },
          data: data.indeterminate || [] }
      ]
    });
  });
  var phaseColors = { prepare: '#7a8ca3', etcd: '#2b6cb0', controlplane: '#6b4fbb', worker: '#1f7a3d' };
  var phaseColor = function (phase) { return phaseColors[phase] || '#4a90d9'; };
  var gantts = document.getElementById('gantts');
  RUN.gantts.forEach(function (g) {
    var div = document.createElement('div');
    div.className = 'gantt';
    div.dataset.gantt = g.step;
    div.style.height = Math.max(180, 64 + 26 * g.hosts.length) + 'px';
    gantts.appendChild(div);
    var chart = echarts.init(div, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      title: { text: 'executor steps of ' + g.step, left: 8, top: 4, textStyle: { fontSize: 13 } },
      grid: { left: 16, right: 24, top: 54, bottom: 28, containLabel: true },
      legend: { top: 26, left: 8, selectedMode: false, data: Object.keys(phaseColors).map(function (p) {
        return { name: p, itemStyle: { color: phaseColors[p] } };
      }) },
      tooltip: { formatter: function (p) {
        return text(p.value[3]) + ' on ' + text(g.hosts[p.value[0]]) + ' (' + text(p.value[5] || '?') + '): '
          + seconds(p.value[1]) + ' to ' + seconds(p.value[2]) + ' (' + text(p.value[4]) + ')';
      } },
      xAxis: { type: 'value', scale: true, axisLabel: { formatter: seconds } },
      yAxis: { type: 'category', data: g.hosts, inverse: true },
      series: Object.keys(phaseColors).map(function (p) {
        return { name: p, type: 'custom', data: [], renderItem: function () { return null; } };
      }).concat([{
        type: 'custom', encode: { x: [1, 2], y: 0 }, data: g.bars,
        renderItem: function (params, api) {
          var from = api.coord([api.value(1), api.value(0)]);
          var to = api.coord([api.value(2), api.value(0)]);
          var height = api.size([0, 1])[1] * 0.6;
          return { type: 'rect', shape: { x: from[0], y: from[1] - height / 2, width: Math.max(1, to[0] - from[0]), height: height },
            style: { fill: phaseColor(g.bars[params.dataIndex][5]), opacity: 0.8,
              stroke: api.value(4) === 'ok' ? null : '#b3261e', lineWidth: api.value(4) === 'ok' ? 0 : 2 } };
        }
      }])
    });
  });
  if (errors.length === 0) {
    document.body.dataset.rendered = 'ok';
  }
})();
