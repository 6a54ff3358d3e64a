// Draws a training report's charts (chart.js's lineChart) from the numbers embedded in the page, and switches the
// confusion matrix between counts and row percentages.
'use strict';

(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const put = (id, chart) => { const box = document.getElementById(id); if (box) box.append(chart); };
  const history = data.history || [];
  if (history.length) {
    const series = [{ name: 'training', values: history.map((e) => e.train_loss) }];
    if (history.every((e) => e.valid)) series.push({ name: 'validation', values: history.map((e) => e.valid.loss) });
    put('loss-chart', lineChart({ series, x: 'epoch', y: 'loss' }));
    if (data.main_metric) {
      put('metric-chart', lineChart({ series: [{ name: data.main_metric, values: history.map((e) => e.valid[data.main_metric]) }], x: 'epoch', y: data.main_metric }));
    }
  }
  const flow = data.gradient_flow;
  if (flow && flow.length) {
    const names = flow.length === 2 ? ['left to right', 'right to left'] : ['‖∂L/∂hₜ‖'];
    put('flow-chart', lineChart({ series: flow.map((values, d) => ({ name: names[d] || `direction ${d + 1}`, values })), x: 'time step t', y: '‖∂L/∂hₜ‖', log: true }));
  }
  const toggle = document.getElementById('normalise');
  if (toggle) {
    const show = () => document.querySelectorAll('.confusion td').forEach((td) => {
      td.textContent = toggle.checked ? td.dataset.percent : td.dataset.count;
    });
    toggle.addEventListener('change', show);
    show();
  }
}());
