'use strict';
// The rnn4j demo page: one tab per kind of loaded model, each calling the JSON API described in the README.
const $ = (id) => document.getElementById(id);
const TABS = [['classify', 'Classify'], ['complete', 'Complete'], ['caption', 'Caption'], ['translate', 'Translate'], ['answer', 'Answer'], ['visualise', 'Visualise']];
const VISUAL = ['classify', 'answer', 'complete', 'translate', 'tag', 'regress'];
let models = [];

async function call(path, body, contentType) {
  const init = body === undefined ? {} : { method: 'POST', body: typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body),
    headers: { 'Content-Type': contentType || 'application/json' } };
  const response = await fetch(path, init);
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || response.statusText);
  return json;
}

function showError(e) {
  const box = $('error');
  box.textContent = e.message || String(e);
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

const guard = (f) => (...args) => f(...args).catch(showError);
const model = (app) => $(app + '-model').value;
const pct = (p) => (100 * p).toFixed(1) + '%';

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function bars(container, probabilities) {
  container.replaceChildren();
  Object.entries(probabilities).sort((a, b) => b[1] - a[1]).slice(0, 8).forEach(([label, p]) => {
    const row = el('div', { class: 'bar', 'data-label': label, 'data-p': p });
    const track = el('div', { class: 'track' });
    const fill = el('div', { class: 'fill' });
    fill.style.width = pct(p);
    track.append(fill);
    row.append(el('span', {}, label), track, el('span', { class: 'p' }, pct(p)));
    container.append(row);
  });
}

// A colour from white through the accent: p in [0, 1].
function shade(p) {
  const a = [238, 242, 255], b = [79, 70, 229];
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * p));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

// ---- tabs ----
function selectTab(app) {
  document.querySelectorAll('.tabs button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.app === app)));
  document.querySelectorAll('.panel').forEach((p) => { p.hidden = p.dataset.app !== app; });
  location.hash = app;
}

async function init() {
  models = (await call('/api/v1/models')).models;
  $('status').textContent = models.length + ' model' + (models.length === 1 ? '' : 's') + ' loaded';
  const nav = $('tabs');
  for (const [app, title] of TABS) {
    const list = app === 'visualise' ? models.filter((m) => VISUAL.includes(m.app)) : models.filter((m) => m.app === app);
    if (list.length === 0) continue;
    const select = $(app + '-model');
    list.forEach((m) => select.append(el('option', { value: m.name }, m.name + ' (' + [app === 'visualise' ? m.app : '', network(m)].filter(Boolean).join(', ') + ')')));
    const button = el('button', { role: 'tab', 'data-app': app, id: 'tab-button-' + app }, title);
    button.addEventListener('click', () => selectTab(app));
    nav.append(button);
  }
  const first = nav.querySelector('button');
  const wanted = location.hash.slice(1);
  selectTab(nav.querySelector(`[data-app="${wanted}"]`) ? wanted : first ? first.dataset.app : 'classify');
  setupVisualise();
  for (const app of ['classify', 'complete', 'translate']) {
    $(app + '-model').addEventListener('change', () => placeholder(app));
    placeholder(app);
  }
  loadSamples();
}

// The recurrent body in a few words: "2 x minGRU 64, bidirectional"; the cell as --cell names it.
function network(m) {
  const n = m.network || {};
  if (!n.cell) return m.kind;
  const names = { rnn: 'SimpleRNN', rnn_relu: 'SimpleRNN (relu)', lstm: 'LSTM', gru: 'GRU', mingru: 'minGRU', minlstm: 'minLSTM' };
  return `${n.layers > 1 ? n.layers + ' x ' : ''}${names[n.cell] || n.cell} ${n.hidden}${n.bidirectional ? ', bidirectional' : ''}`;
}

// What to type, for the model chosen: its own labels and data, never another application's example.
function placeholder(app) {
  const m = chosen(app);
  if (!m) return;
  const data = (m.provenance && m.provenance.data || '').split(' ')[0];
  const from = data ? ` (trained on ${data})` : '';
  const box = $(app + '-text');
  const labels = m.output.labels && `${m.output.labels.slice(0, 6).join(', ')}${m.output.labels.length > 6 ? ', …' : ''}`;
  if (app === 'classify') {
    box.placeholder = m.input.type === 'numbers' ? `Numbers for ${m.name}${from} to sort into ${labels}: one array of ${m.input.width} per step, e.g. ${numbersExample(m)}`
      : `A text for ${m.name}${from} to sort into ${labels}`;
    $('classify-hint').textContent = m.input.type === 'numbers'
      ? 'Type a sequence of numbers. The network reads it step by step; the strip shows what it would answer after each step.'
      : 'Type a text. The network reads it word by word; the strip shows what it would answer after each word.';
    $('classify-strip-title').textContent = m.input.type === 'numbers' ? 'Step by step' : 'Word by word';
    $('classify-strip-unit').textContent = m.input.type === 'numbers' ? 'that step' : 'that word';
  }
  if (app === 'complete') box.placeholder = `Start typing; ${m.name}${from} suggests how the word or line goes on`;
  if (app === 'translate') box.placeholder = `An input for ${m.name}${from}`;
}

// A model that reads numbers: an example of its input, and the box's text read as that input.
function numbersExample(m) {
  const step = (t) => '[' + Array.from({ length: Math.min(m.input.width, 3) }, (_, i) => (0.1 * (t + i + 1)).toFixed(1)).join(', ') + (m.input.width > 3 ? ', …' : '') + ']';
  return `[${step(0)}, ${step(1)}, ${step(2)}]`;
}

function readNumbers(text, m) {
  const wanted = `an array of steps, each an array of ${m.input.width} numbers, e.g. ${numbersExample(m)}`;
  if (!text.trim()) throw new Error(`type the input first: ${wanted}`);
  let x;
  try { x = JSON.parse(text); } catch (e) { throw new Error(`the input is not JSON: write ${wanted}`); }
  return Array.isArray(x) && x.every((step) => !Array.isArray(step)) && m.input.width === 1 ? x.map((v) => [v]) : x;
}

function inputBody(m, text) {
  return m.input.type === 'numbers' ? { x: readNumbers(text, m) } : { text };
}

// ---- classify ----
async function classify() {
  const m = chosen('classify');
  const result = await call(`/api/v1/${m.name}/visualise`, inputBody(m, $('classify-text').value));
  const probabilities = result.result.probabilities;
  $('classify-label').textContent = result.result.prediction;
  bars($('classify-bars'), probabilities);
  const label = result.result.prediction;
  $('classify-strip-label').textContent = label;
  const strip = $('classify-strip');
  strip.replaceChildren();
  (result.steps || []).forEach((step, t) => {
    const chip = el('span', { class: 'tok', 'data-p': step[label], title: `after “${result.tokens[t]}”: ${label} ${pct(step[label])}` }, result.tokens[t]);
    chip.style.background = shade(step[label]);
    chip.style.color = step[label] > 0.6 ? '#fff' : 'inherit';
    strip.append(chip);
  });
  $('classify-out').hidden = false;
}

// ---- complete ----
let completeTimer = null, completeSeq = 0, suggestions = [];
function scheduleComplete() {
  clearTimeout(completeTimer);
  completeTimer = setTimeout(guard(complete), 120);
}

// The tab keeps a streaming session per text: a keystroke that extends the text sends only the new characters, read
// after the state the session holds; any other edit (a deletion, a change earlier in the text, another model) starts
// a new session with the whole text. Steps of one session are sent one after another, in order.
let session = null;       // { model, id, sent, queue, tokens }

async function openSession(name) {
  if (session) {
    const old = session;
    old.queue.then(() => fetch(`/api/v1/${old.model}/sessions/${old.id}`, { method: 'DELETE' })).catch(() => {});
  }
  const opened = await call(`/api/v1/${name}/sessions`, '');
  session = { model: name, id: opened.session, sent: '', queue: Promise.resolve(), tokens: 0 };
  return session;
}

async function complete() {
  const text = $('complete-text').value;
  const seq = ++completeSeq;
  if (!text) { renderSuggestions([], text); return; }
  const name = model('complete');
  const s = session && session.model === name && text.startsWith(session.sent) ? session : await openSession(name);
  const added = text.slice(s.sent.length);
  s.sent = text;
  const step = s.queue.then(() => call(`/api/v1/${name}/sessions/${s.id}/steps`, { text: added, count: 3 }));
  s.queue = step.catch(() => {});
  let result;
  try {
    result = await step;
  } catch (e) {
    if (session === s) session = null;   // expired or closed: the next keystroke opens a new session with the whole text
    throw e;
  }
  const fresh = result.steps - s.tokens;
  s.tokens = result.steps;
  if (seq !== completeSeq) return;      // a later keystroke has its own answer coming
  $('complete-info').textContent = `the session read ${fresh} new tokens, ${result.steps} in all`;
  renderSuggestions(result.completions, text);
}

function renderSuggestions(list, text) {
  suggestions = list;
  const ghost = $('complete-ghost');
  ghost.replaceChildren(document.createTextNode(text));
  if (list.length) ghost.append(el('span', { class: 'more' }, list[0].text));
  const chips = $('complete-suggestions');
  chips.replaceChildren();
  list.forEach((c) => {
    const b = el('button', { 'data-word': c.word, 'data-text': c.text }, c.word);
    b.append(el('small', {}, pct(c.probability)));
    b.addEventListener('click', () => accept(c));
    chips.append(b);
  });
}

function accept(c) {
  const box = $('complete-text');
  box.value += c.text + ' ';
  box.focus();
  scheduleComplete();
  renderSuggestions([], box.value);
}

// ---- caption ----
let captionImage = null;
async function loadSamples() {
  const name = $('caption-model').value;
  if (!name) return;
  const m = models.find((x) => x.name === name);
  const vector = m.input.type === 'vector';
  $('caption-image-input').hidden = vector;
  $('caption-vector-input').hidden = !vector;
  $('caption-preview').hidden = true;
  captionImage = null;
  $('caption-run').disabled = !vector;
  if (vector) {
    $('caption-vector-hint').textContent = `This model reads a feature vector of ${m.input.width} numbers, as the "x" of its training file, not an image.`;
    $('caption-vector').placeholder = `[${Array.from({ length: Math.min(m.input.width, 4) }, (_, i) => (0.1 * (i + 1)).toFixed(1)).join(', ')}${m.input.width > 4 ? ', …' : ''}]  (${m.input.width} numbers)`;
    return;
  }
  const list = (await call(`/api/v1/${name}/samples`)).samples;
  const box = $('caption-samples');
  box.replaceChildren();
  list.slice(0, 12).forEach((file) => {
    const img = el('img', { src: `/api/v1/${name}/samples/${encodeURIComponent(file)}`, alt: file, title: file, 'data-sample': file });
    img.addEventListener('click', guard(async () => {
      box.querySelectorAll('img').forEach((i) => i.classList.toggle('chosen', i === img));
      setCaptionImage(await (await fetch(img.src)).blob());
    }));
    box.append(img);
  });
}

function setCaptionImage(blob) {
  captionImage = blob;
  const preview = $('caption-preview');
  preview.src = URL.createObjectURL(blob);
  preview.hidden = false;
  $('caption-run').disabled = false;
}

async function caption() {
  const m = chosen('caption');
  let result;
  if (m.input.type === 'vector') {
    let x;
    try { x = JSON.parse($('caption-vector').value); } catch (e) { throw new Error(`the vector is not JSON: write ${m.input.width} numbers in brackets, [0.1, 0.2, …]`); }
    result = await call(`/api/v1/${m.name}/generate`, { x: Array.isArray(x) ? x : x.x, beam: 10 });
  } else {
    if (!captionImage) throw new Error('choose an image first');
    result = await call(`/api/v1/${m.name}/generate?beam=10`, captionImage, captionImage.type || 'application/octet-stream');
  }
  const list = $('caption-results');
  list.replaceChildren();
  result.candidates.forEach((c) => {
    const li = el('li', { 'data-score': c.score });
    li.append(el('span', { class: 'text' }, c.text), el('span', { class: 'score' }, c.score.toFixed(3)));
    list.append(li);
  });
  $('caption-out').hidden = false;
}

// ---- translate ----
// A subword that begins a word (bpe:N) carries the word's space: shown as ▁, as SentencePiece shows it.
const subword = (t) => (t.startsWith(' ') ? '\u2581' + t.slice(1) : t);

async function translate() {
  const result = await call(`/api/v1/${model('translate')}/visualise`, { text: $('translate-text').value });
  $('translate-source').textContent = result.result.source;
  $('translate-output').textContent = result.result.prediction;
  const box = $('translate-attention');
  box.replaceChildren();
  if (result.attention) {
    const table = el('table');
    const head = el('tr');
    head.append(el('th'));
    result.tokens.forEach((t) => head.append(el('th', {}, subword(t))));
    table.append(head);
    result.attention.weights.forEach((row, i) => {
      const tr = el('tr');
      tr.append(el('th', {}, subword(result.attention.target[i])));
      row.forEach((w) => {
        const td = el('td', { 'data-w': w, title: w.toFixed(3) });
        td.style.background = shade(w);
        tr.append(td);
      });
      table.append(tr);
    });
    box.append(table);
  } else {
    box.textContent = 'This model has no attention.';
  }
  $('translate-out').hidden = false;
}

// ---- answer ----
async function answer() {
  const result = await call(`/api/v1/${model('answer')}/predict`, { story: $('answer-story').value, question: $('answer-question').value });
  $('answer-label').textContent = result.prediction;
  bars($('answer-bars'), result.probabilities);
  $('answer-out').hidden = false;
}

// ---- visualise ----
function chosen(app) { return models.find((m) => m.name === model(app)); }

function setupVisualise() {
  const select = $('visualise-model');
  const update = () => {
    const m = chosen('visualise');
    if (!m) return;
    $('visualise-question').hidden = m.app !== 'answer';
    $('visualise-text').placeholder = m.app === 'answer' ? 'Story'
      : m.input.type === 'numbers' ? `Numbers: one array of ${m.input.width} per step, e.g. ${numbersExample(m)}` : 'Text';
  };
  select.addEventListener('change', update);
  update();
}

async function visualise() {
  const m = chosen('visualise');
  const text = $('visualise-text').value;
  const body = m.app === 'answer' ? { story: text, question: $('visualise-question').value }
    : inputBody(m, text);
  const result = await call(`/api/v1/${m.name}/visualise`, body);
  const r = result.result;
  $('visualise-prediction').textContent = Array.isArray(r.prediction) ? r.prediction.map((v) => v.toFixed(2)).join(', ')
    : typeof r.prediction === 'number' ? r.prediction.toFixed(3) : r.prediction;
  drawStates(result.tokens, result.states, r.tags);
  $('visualise-out').hidden = false;
  await drawFlow(m);
}

function drawStates(tokens, states, tags) {
  const rowH = 18, units = states[0].length, cell = Math.max(2, Math.min(14, Math.floor(720 / units)));
  const canvas = $('visualise-states');
  canvas.width = units * cell;
  canvas.height = states.length * rowH;
  canvas.dataset.rows = states.length;
  canvas.dataset.units = units;
  const g = canvas.getContext('2d');
  states.forEach((row, t) => row.forEach((v, j) => {
    const a = Math.min(1, Math.abs(v));
    g.fillStyle = v >= 0 ? `rgba(220,38,38,${a})` : `rgba(37,99,235,${a})`;
    g.fillRect(j * cell, t * rowH, cell, rowH - 1);
  }));
  const labels = $('visualise-tokens');
  labels.replaceChildren();
  tokens.forEach((tok, t) => {
    const d = el('div', {}, tags ? `${tok} · ${tags[t].tag ?? tags[t]}` : tok);
    d.style.height = rowH + 'px';
    labels.append(d);
  });
}

async function drawFlow(m) {
  const box = $('visualise-flow'), note = $('visualise-flow-note');
  box.replaceChildren();
  delete box.dataset.series;
  if (!m.report) { note.textContent = 'No training report beside this model.'; return; }
  const report = await call(`/api/v1/${m.name}/report`);
  const flow = report.gradient_flow;
  if (!flow || !flow.length) { note.textContent = 'The report has no gradient flow for this kind of model.'; return; }
  const names = flow.length === 2 ? ['left to right', 'right to left'] : ['‖∂L/∂hₜ‖'];
  box.append(lineChart({ series: flow.map((values, d) => ({ name: names[d] || `direction ${d + 1}`, values })), x: 'time step t', y: '‖∂L/∂hₜ‖', log: true }));
  const first = flow[0][0], last = flow[0][flow[0].length - 1];
  note.textContent = `At the first of ${flow[0].length} steps the gradient is ${formatValue(first / last)} times what it is at the last`
    + `${flow.length === 2 ? ' (left to right)' : ''}. ${report.kept || ''}`;
  box.dataset.series = flow.length;
}

// ---- wiring ----
$('classify-run').addEventListener('click', guard(classify));
$('complete-text').addEventListener('input', scheduleComplete);
$('complete-text').addEventListener('keydown', (e) => {
  if (e.key === 'Tab' && suggestions.length) { e.preventDefault(); accept(suggestions[0]); }
});
$('caption-file').addEventListener('change', (e) => { if (e.target.files[0]) setCaptionImage(e.target.files[0]); });
$('caption-model').addEventListener('change', guard(loadSamples));
$('caption-run').addEventListener('click', guard(caption));
$('translate-run').addEventListener('click', guard(translate));
$('translate-text').addEventListener('keydown', (e) => { if (e.key === 'Enter') guard(translate)(); });
$('answer-run').addEventListener('click', guard(answer));
$('visualise-run').addEventListener('click', guard(visualise));
window.addEventListener('hashchange', () => {
  const wanted = location.hash.slice(1);
  if (document.querySelector(`.tabs [data-app="${wanted}"]`)) selectTab(wanted);
});
init().catch((e) => { $('status').textContent = 'not connected'; showError(e); });
