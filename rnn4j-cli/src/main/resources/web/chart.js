// rnn4j's line charts: SVG, sharp at any size, drawn by the demo page and inlined into training reports.
// lineChart({ series: [{ name, values }], x: 'step t', y: 'loss', log: true, xStart: 1 }) returns an <svg> with
// labelled ticks on both axes, a legend when there is more than one series, and data-* attributes naming what it shows.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const CHART_COLOURS = ['#4f46e5', '#0e9f6e', '#f79009', '#d92d20', '#0891b2', '#9333ea'];

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Ticks on a linear range: 1, 2 or 5 times a power of ten apart, about `count` of them.
function linearTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count, p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

// Ticks on a log range (given as log10 lo..hi): decades, or 1-2-5 within them when the range spans few decades,
// or the two ends when it spans less than the gap between 1, 2 and 5.
function logTicks(lo, hi) {
  const all = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (const m of [1, 2, 5]) {
      const v = k + Math.log10(m);
      if (v >= lo - 1e-9 && v <= hi + 1e-9) all.push(v);
    }
  }
  const decades = all.filter((v) => Math.abs(v - Math.round(v)) < 1e-9);
  if (decades.length >= 3) return decades.length > 7 ? decades.filter((v, i) => i % Math.ceil(decades.length / 6) === 0) : decades;
  return all.length >= 2 ? all : [lo, hi];
}

function formatValue(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const [m, e] = v.toExponential(1).split('e');
    return (m.endsWith('.0') ? m.slice(0, -2) : m) + 'e' + Number(e);
  }
  return String(Number(v.toPrecision(3)));
}

function lineChart({ series, x, y, log = false, xStart = 1, width = 720, height = 260 }) {
  const pad = { left: 64, right: 16, top: series.length > 1 ? 30 : 12, bottom: 44 };
  const n = Math.max(...series.map((s) => s.values.length));
  const shown = (v) => (log ? Math.log10(Math.max(v, 1e-45)) : v);
  const values = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && (!log || v > 0)).map(shown);
  let lo = Math.min(...values), hi = Math.max(...values);
  if (hi - lo < 1e-12) { lo -= log ? 0.5 : Math.abs(lo) * 0.1 + 1e-3; hi += log ? 0.5 : Math.abs(hi) * 0.1 + 1e-3; }
  const margin = (hi - lo) * 0.04;                                 // no line runs along an axis
  lo -= margin; hi += margin;
  const X = (i) => pad.left + (n <= 1 ? 0 : i / (n - 1)) * (width - pad.left - pad.right);
  const Y = (v) => height - pad.bottom - (v - lo) / (hi - lo) * (height - pad.top - pad.bottom);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart', role: 'img', 'aria-label': `${y} by ${x}` });

  const yTicks = log ? logTicks(lo, hi) : linearTicks(lo, hi);
  const yLabels = yTicks.map((v) => formatValue(log ? Math.pow(10, v) : v));
  yTicks.forEach((v, i) => {
    svg.append(svgEl('line', { x1: pad.left, x2: width - pad.right, y1: Y(v), y2: Y(v), class: 'grid' }));
    svg.append(svgEl('text', { x: pad.left - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick y' }, yLabels[i]));
  });
  // The first step, then round numbers (1, 10, 20, ... rather than 0, 10, 20, ...).
  const xStep = linearTicks(xStart, xStart + n - 1, 7), gap = xStep.length > 1 ? xStep[1] - xStep[0] : 1;
  const xTicks = [xStart, ...xStep.filter((t) => Number.isInteger(t) && t - xStart >= 0.75 * gap)];
  xTicks.forEach((t) => {
    svg.append(svgEl('line', { x1: X(t - xStart), x2: X(t - xStart), y1: height - pad.bottom, y2: height - pad.bottom + 4, class: 'axis' }));
    svg.append(svgEl('text', { x: X(t - xStart), y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'tick x' }, String(t)));
  });
  svg.append(svgEl('line', { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: 'axis' }));
  svg.append(svgEl('text', { x: pad.left + (width - pad.left - pad.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'title' }, x));
  svg.append(svgEl('text', { x: 12, y: pad.top + (height - pad.top - pad.bottom) / 2, 'text-anchor': 'middle', class: 'title',
    transform: `rotate(-90 12 ${pad.top + (height - pad.top - pad.bottom) / 2})` }, y + (log ? ' (log scale)' : '')));

  series.forEach((s, k) => {
    const points = s.values.map((v, i) => [i, v]).filter(([, v]) => Number.isFinite(v) && (!log || v > 0))
      .map(([i, v]) => `${X(i).toFixed(1)},${Y(shown(v)).toFixed(1)}`);
    svg.append(svgEl('polyline', { points: points.join(' '), fill: 'none', stroke: CHART_COLOURS[k % CHART_COLOURS.length], 'stroke-width': 2, class: 'series', 'data-name': s.name }));
  });
  if (series.length > 1) {
    let at = pad.left;
    series.forEach((s, k) => {
      const g = svgEl('g', { class: 'legend' });
      g.append(svgEl('line', { x1: at, x2: at + 18, y1: 12, y2: 12, stroke: CHART_COLOURS[k % CHART_COLOURS.length], 'stroke-width': 3 }));
      g.append(svgEl('text', { x: at + 24, y: 16 }, s.name));
      svg.append(g);
      at += 40 + 7 * s.name.length;
    });
  }
  svg.dataset.series = series.length;
  svg.dataset.xTicks = xTicks.join(' ');
  svg.dataset.yTicks = yLabels.join(' ');
  return svg;
}
