// vncite explorer: plain JavaScript on a canvas, no library, no network. The data is the
// JSON of `vncite graph --format json` with a position for each node computed by vncite, so
// nothing here simulates physics: drawing 5,000 documents is one pass over arrays.
(function () {
'use strict';
const T0 = performance.now();
const D = JSON.parse(document.getElementById('vncite-data').textContent);
const N = D.nodes, E = D.edges, n = N.length;

// ---- the graph, as arrays ----
const idx = new Map();
N.forEach((d, i) => idx.set(d.id, i));
const es = new Int32Array(E.length), et = new Int32Array(E.length);
const outE = N.map(() => []), inE = N.map(() => []);
E.forEach((e, k) => {
  const a = idx.get(e.citing), b = idx.get(e.cited);
  es[k] = a; et[k] = b; outE[a].push(k); inE[b].push(k);
});
const OX = Float64Array.from(D.xy, p => p[0]), OY = Float64Array.from(D.xy, p => p[1]);
// As present::display_name: the key, the title, or the symbol of an unnumbered document.
const name = d => d.key || d.title || (d.id.includes('|') ? d.id.split('|')[0] + ' (unnumbered)' : d.id);
const lvlOf = d => (d.issuer && d.issuer.level) || 'unknown';
const indeg = inE.map(l => l.length);

const LEVELS = ['central', 'province', 'district', 'commune', 'unknown'];
const LEVEL_NAME = { central: 'Trung ương (central)', province: 'Tỉnh (province)', district: 'Huyện (district)', commune: 'Xã (commune)', unknown: 'level unknown' };
// The colours of vncite's diagrams (render::level_colour, render::relation_style).
const FILL = { central: '#ef9a9a', province: '#9ec5ea', district: '#a8dba0', commune: '#fbe38a', unknown: '#dddddd' };
const STROKE = { central: '#c62828', province: '#1565c0', district: '#2e7d32', commune: '#b28704', unknown: '#757575' };
const RELS = ['implements', 'based_on', 'guided_by', 'responds_to', 'proposed_by', 'amends', 'replaces', 'repeals', 'corrects', 'cites'];
const REL_COLOUR = { implements: '#08519c', based_on: '#54278f', guided_by: '#006d2c', responds_to: '#8c6d31', proposed_by: '#7f2704', amends: '#d94801', replaces: '#a50f15', repeals: '#a50f15', corrects: '#636363', cites: '#737373' };
const STRENGTH = { replaces: 9, repeals: 8, amends: 7, corrects: 6, implements: 5, based_on: 4, guided_by: 3, responds_to: 2, proposed_by: 1, cites: 0 };

// ---- search: Vietnamese diacritics and đ folded away, case ignored ----
function fold(s) {
  return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}
const FK = N.map(d => fold(name(d))), FID = N.map(d => fold(d.id));
const FTXT = N.map(d => fold([d.issuer && d.issuer.name, d.title, d.issuer && d.issuer.province].filter(Boolean).join(' | ')));
function search(q) {
  const f = fold(q).trim();
  if (!f) return [];
  const words = f.split(/\s+/);
  const hits = [];
  for (let i = 0; i < n; i++) {
    let s = -1;
    if (FK[i] === f) s = 0;
    else if (FK[i].startsWith(f)) s = 1;
    else if (FK[i].includes(f) || FID[i].includes(f)) s = 2;
    else if (words.every(w => FTXT[i].includes(w) || FK[i].includes(w))) s = 3;
    if (s >= 0) hits.push([s, i]);
  }
  hits.sort((a, b) => a[0] - b[0] || indeg[b[1]] - indeg[a[1]] || (FK[a[1]] < FK[b[1]] ? -1 : FK[a[1]] > FK[b[1]] ? 1 : 0));
  return hits.map(h => h[1]);
}

// ---- filters ----
const F = { rel: new Set(RELS), lvl: new Set(LEVELS), from: '', to: '', undated: true };
const lo = d => d.length === 4 ? d + '-00-00' : d.length === 7 ? d + '-00' : d;
const hi = d => d.length === 4 ? d + '-99-99' : d.length === 7 ? d + '-99' : d;
function nodeOk(i) {
  const d = N[i];
  if (!F.lvl.has(lvlOf(d))) return false;
  if (!d.date) return F.undated;
  if (F.from && hi(d.date) < F.from) return false;
  if (F.to && lo(d.date) > F.to) return false;
  return true;
}
function edgeOk(k) { return F.rel.has(E[k].relation) && nodeOk(es[k]) && nodeOk(et[k]); }

// ---- the view: overview (every document at vncite's layout) or drill-down ----
let mode = 'overview';
let X = OX, Y = OY;
const view = { k: 1, tx: 0, ty: 0 };
let selected = -1, hitSet = new Set();
// Drill-down, as CitNetExplorer does it: the documents shown, the layer each stands in
// (cited above, citing below) and who revealed it, so a collapse takes back exactly that.
const shown = new Map(); // node -> {layer, by}
const opened = new Map(); // node -> {cited: bool, citing: bool}
let drillRoot = -1;

const canvas = document.getElementById('canvas');
const ctx = canvas.getContext('2d');
let W = 0, H = 0, dpr = 1;
function resize() {
  const r = canvas.getBoundingClientRect();
  dpr = window.devicePixelRatio || 1;
  W = Math.max(1, r.width); H = Math.max(1, r.height);
  canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
  redraw();
}

function visible(i) { return mode === 'overview' ? nodeOk(i) : shown.has(i) && (nodeOk(i) || i === drillRoot); }
function radius(i) { return mode === 'overview' ? Math.min(2.5 + Math.sqrt(indeg[i]) * 1.3, 14) : 0; }

function fit(only) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const take = i => { x0 = Math.min(x0, X[i]); x1 = Math.max(x1, X[i]); y0 = Math.min(y0, Y[i]); y1 = Math.max(y1, Y[i]); };
  if (only) only.forEach(take); else for (let i = 0; i < n; i++) if (visible(i)) take(i);
  if (mode === 'overview' && !only) for (const b of D.bands) { y0 = Math.min(y0, b.y0); y1 = Math.max(y1, b.y1); }
  if (!isFinite(x0)) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
  const padX = mode === 'drill' ? 100 : 40, padY = 50;
  const k = Math.min((W - 2 * padX) / Math.max(x1 - x0, 1), (H - 2 * padY) / Math.max(y1 - y0, 1));
  view.k = Math.min(Math.max(k, 0.005), mode === 'drill' ? 1.2 : 4);
  view.tx = W / 2 - view.k * (x0 + x1) / 2;
  view.ty = H / 2 - view.k * (y0 + y1) / 2;
  redraw();
}
function centreOn(i) {
  if (view.k < 0.6 && mode === 'overview') view.k = 0.9;
  view.tx = W / 2 - view.k * X[i]; view.ty = H / 2 - view.k * Y[i];
  redraw();
}

// ---- drawing ----
let pending = false;
// A click, a search or a filter draws at once; a drag or the wheel draws once a frame.
function redraw() { draw(); }
function redrawSoon() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
let drawn = []; // [i, sx, sy, r] of what the last frame drew, for clicks
let lastDrawMs = 0, firstFrame = true;
const sx = i => X[i] * view.k + view.tx, sy = i => Y[i] * view.k + view.ty;

function draw() {
  pending = false;
  const t = performance.now();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  if (mode === 'overview') drawFrame();
  // Edges: one path per relation, so a frame is ten strokes however many citations.
  const sel = selected;
  const paths = {};
  let nEdges = 0;
  for (let k = 0; k < E.length; k++) {
    const a = es[k], b = et[k];
    if (!visible(a) || !visible(b) || !F.rel.has(E[k].relation)) continue;
    if (mode === 'overview' && !edgeOk(k)) continue;
    const x1 = sx(a), y1 = sy(a), x2 = sx(b), y2 = sy(b);
    if ((x1 < 0 && x2 < 0) || (x1 > W && x2 > W) || (y1 < 0 && y2 < 0) || (y1 > H && y2 > H)) continue;
    const r = E[k].relation;
    (paths[r] || (paths[r] = [])).push(x1, y1, x2, y2);
    nEdges++;
  }
  const faint = mode === 'overview' ? (nEdges > 3000 ? 0.12 : nEdges > 500 ? 0.25 : 0.55) : 0.8;
  ctx.lineWidth = mode === 'overview' ? 1 : 1.6;
  for (const r of RELS) {
    const p = paths[r];
    if (!p) continue;
    ctx.strokeStyle = REL_COLOUR[r];
    ctx.globalAlpha = sel >= 0 && mode === 'overview' ? faint * 0.6 : faint;
    ctx.setLineDash(r === 'cites' || r === 'responds_to' || r === 'proposed_by' ? [2, 3] : r === 'based_on' || r === 'guided_by' || r === 'repeals' || r === 'corrects' ? [6, 3] : []);
    ctx.beginPath();
    for (let j = 0; j < p.length; j += 4) { ctx.moveTo(p[j], p[j + 1]); ctx.lineTo(p[j + 2], p[j + 3]); }
    ctx.stroke();
    if (mode === 'drill') for (let j = 0; j < p.length; j += 4) arrow(p[j], p[j + 1], p[j + 2], p[j + 3]);
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  // The selected document's citations drawn strong, over the rest.
  if (sel >= 0 && visible(sel)) {
    ctx.lineWidth = 2;
    for (const k of outE[sel].concat(inE[sel])) {
      const a = es[k], b = et[k];
      if (!visible(a) || !visible(b) || !F.rel.has(E[k].relation)) continue;
      ctx.strokeStyle = REL_COLOUR[E[k].relation];
      ctx.beginPath(); ctx.moveTo(sx(a), sy(a)); ctx.lineTo(sx(b), sy(b)); ctx.stroke();
      arrow(sx(a), sy(a), sx(b), sy(b));
    }
  }
  drawn = [];
  if (mode === 'overview') { drawDots(); drawBandNames(); } else drawBoxes();
  lastDrawMs = performance.now() - t;
  status(nEdges);
  if (firstFrame) {
    firstFrame = false;
    const ms = performance.now() - T0;
    const el = document.getElementById('timing');
    el.textContent = 'ready in ' + ms.toFixed(0) + ' ms (first frame ' + lastDrawMs.toFixed(0) + ' ms)';
    el.dataset.ms = ms.toFixed(0);
  }
}

function arrow(x1, y1, x2, y2) {
  // The head sits where the line meets the cited document's box or dot.
  const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy);
  if (len < 20) return;
  // In a drill-down the box's edge: the line leaves it through its top or bottom, or a side.
  const hx = BOX_W * view.k / 2 + 3, hy = BOX_H * view.k / 2 + 3;
  const back = mode === 'drill' ? Math.min(Math.abs(dy) > 1e-6 ? hy * len / Math.abs(dy) : Infinity, Math.abs(dx) > 1e-6 ? hx * len / Math.abs(dx) : Infinity) : 8;
  const ux = dx / len, uy = dy / len;
  const px = x2 - ux * Math.min(back, len - 8), py = y2 - uy * Math.min(back, len - 8);
  ctx.beginPath();
  ctx.moveTo(px, py);
  ctx.lineTo(px - ux * 8 - uy * 4, py - uy * 8 + ux * 4);
  ctx.lineTo(px - ux * 8 + uy * 4, py - uy * 8 - ux * 4);
  ctx.closePath();
  ctx.fillStyle = ctx.strokeStyle;
  ctx.fill();
}

function drawFrame() {
  // Level bands, and the time axis along the top.
  for (const b of D.bands) {
    const y0 = b.y0 * view.k + view.ty, y1 = b.y1 * view.k + view.ty;
    if (y1 < 0 || y0 > H) continue;
    ctx.fillStyle = FILL[b.level || 'unknown'];
    ctx.globalAlpha = 0.13;
    ctx.fillRect(0, y0 - 6, W, y1 - y0 + 12);
    ctx.globalAlpha = 1;
  }
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#cfd8dc';
  ctx.lineWidth = 1;
  let lastX = -Infinity;
  for (const t of D.ticks) {
    const x = t.x * view.k + view.tx;
    if (x < 0 || x > W || x - lastX < 60) continue;
    lastX = x;
    ctx.beginPath(); ctx.moveTo(x, 16); ctx.lineTo(x, H); ctx.stroke();
    ctx.fillStyle = '#78909c';
    ctx.fillText(t.label, x + 3, 8);
  }
  const ux = D.dated_x0 * view.k + view.tx;
  if (ux > 60 && ux < W) { ctx.fillStyle = '#78909c'; ctx.fillText('undated ←', ux - 64, 8); }
  ctx.font = '12px system-ui, sans-serif';
}

function drawBandNames() {
  // Over the dots, so a band's name is never hidden under its documents.
  ctx.font = '600 12px system-ui, sans-serif';
  for (const b of D.bands) {
    const y0 = b.y0 * view.k + view.ty, y1 = b.y1 * view.k + view.ty;
    if (y1 < 0 || y0 > H) continue;
    const ly = Math.min(Math.max(y0 + 2, 26), Math.max(y1, 26));
    ctx.fillStyle = 'rgba(255,255,255,.85)';
    ctx.fillRect(2, ly - 8, ctx.measureText(b.name).width + 8, 16);
    ctx.fillStyle = '#455a64';
    ctx.fillText(b.name, 6, ly);
  }
  ctx.font = '12px system-ui, sans-serif';
}

function drawDots() {
  const boxes = [];
  const order = [];
  for (let i = 0; i < n; i++) {
    if (!visible(i)) continue;
    const x = sx(i), y = sy(i);
    if (x < -20 || x > W + 20 || y < -20 || y > H + 20) continue;
    order.push(i);
  }
  for (const i of order) {
    const d = N[i], l = lvlOf(d);
    const r = Math.max(radius(i) * Math.min(view.k, 1.5), 1.6);
    const x = sx(i), y = sy(i);
    ctx.beginPath(); ctx.arc(x, y, r, 0, 6.2832);
    ctx.fillStyle = d.in_corpus ? FILL[l] : '#fff';
    ctx.fill();
    ctx.lineWidth = 1; ctx.strokeStyle = STROKE[l];
    if (r > 2.5 || !d.in_corpus) ctx.stroke();
    drawn.push([i, x, y, r]);
  }
  // Labels: the selected, the search hits, then the most-cited, wherever they do not collide.
  const want = [];
  if (selected >= 0 && visible(selected)) want.push(selected);
  hitSet.forEach(i => { if (visible(i)) want.push(i); });
  const byCited = order.slice().sort((a, b) => indeg[b] - indeg[a] || a - b);
  const many = view.k * 14 > 90 ? byCited.length : 40;
  for (let j = 0; j < Math.min(many, byCited.length); j++) want.push(byCited[j]);
  const done = new Set();
  for (const i of want) {
    if (done.has(i)) continue;
    done.add(i);
    const x = sx(i), y = sy(i);
    if (x < 0 || x > W || y < 0 || y > H) continue;
    const r = Math.max(radius(i) * Math.min(view.k, 1.5), 1.6);
    const text = name(N[i]);
    const w = ctx.measureText(text).width + 6;
    const box = [x + r + 2, y - 8, x + r + 2 + w, y + 8];
    const forced = i === selected || hitSet.has(i);
    if (!forced && boxes.some(b => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
    boxes.push(box);
    ctx.fillStyle = 'rgba(255,255,255,.85)';
    ctx.fillRect(box[0], box[1], w, 16);
    ctx.fillStyle = i === selected ? '#01579b' : '#263238';
    ctx.font = (forced ? '600 ' : '') + '12px system-ui, sans-serif';
    ctx.fillText(text, box[0] + 3, y);
  }
  ctx.font = '12px system-ui, sans-serif';
  for (const i of want) {
    if (i !== selected && !hitSet.has(i)) continue;
    const r = Math.max(radius(i) * Math.min(view.k, 1.5), 1.6) + 4;
    ctx.beginPath(); ctx.arc(sx(i), sy(i), r, 0, 6.2832);
    ctx.lineWidth = 2.5; ctx.strokeStyle = i === selected ? '#0277bd' : '#ff6f00';
    ctx.stroke();
  }
}

const BOX_W = 156, BOX_H = 34;
function drawBoxes() {
  for (const [i] of shown) {
    if (!visible(i)) continue;
    const x = sx(i), y = sy(i);
    const w = BOX_W * view.k, h = BOX_H * view.k;
    if (x + w / 2 < 0 || x - w / 2 > W || y + h / 2 < 0 || y - h / 2 > H) continue;
    const d = N[i], l = lvlOf(d);
    ctx.fillStyle = d.in_corpus ? FILL[l] : '#fff';
    ctx.strokeStyle = i === selected ? '#0277bd' : STROKE[l];
    ctx.lineWidth = i === selected ? 3 : i === drillRoot ? 2 : 1;
    ctx.setLineDash(d.in_corpus ? [] : [4, 3]);
    ctx.beginPath(); ctx.rect(x - w / 2, y - h / 2, w, h); ctx.fill(); ctx.stroke();
    ctx.setLineDash([]);
    if (hitSet.has(i)) { ctx.strokeStyle = '#ff6f00'; ctx.lineWidth = 2; ctx.strokeRect(x - w / 2 - 3, y - h / 2 - 3, w + 6, h + 6); }
    if (view.k > 0.35) {
      ctx.fillStyle = '#212121';
      ctx.textAlign = 'center';
      const fs = Math.max(9, Math.min(12, 12 * view.k * 1.2));
      ctx.font = '600 ' + fs + 'px system-ui, sans-serif';
      ctx.fillText(clip(name(d), w - 6), x, y - h / 5);
      ctx.font = fs * 0.9 + 'px system-ui, sans-serif';
      const o = opened.get(i) || {};
      const more = (o.cited ? '' : '▲' + outE[i].length + ' ') + (o.citing ? '' : '▼' + inE[i].length);
      ctx.fillText(clip((d.date || 'undated') + '  ' + more, w - 6), x, y + h / 4);
      ctx.textAlign = 'start';
    }
    drawn.push([i, x, y, Math.max(w, h) / 2, w, h]);
  }
  ctx.font = '12px system-ui, sans-serif';
}
function clip(s, w) {
  if (ctx.measureText(s).width <= w) return s;
  while (s.length > 1 && ctx.measureText(s + '…').width > w) s = s.slice(0, -1);
  return s + '…';
}

function status(nEdges) {
  let c = 0;
  for (let i = 0; i < n; i++) if (visible(i)) c++;
  document.getElementById('status').textContent =
    n + ' documents, ' + E.length + ' citations · ' + (mode === 'drill' ? 'drill-down: ' : '') + c + ' shown, ' + nEdges + ' citations drawn · ' + lastDrawMs.toFixed(0) + ' ms';
  document.getElementById('overview').classList.toggle('on', mode === 'overview');
}

// ---- drill-down: reveal a document's cited (above) or citing (below) neighbours ----
function layoutDrill() {
  // Layers top to bottom; in each, documents under whoever revealed them, then by date.
  const layers = new Map();
  for (const [i, s] of shown) (layers.get(s.layer) || layers.set(s.layer, []).get(s.layer)).push(i);
  const keys = [...layers.keys()].sort((a, b) => a - b);
  const byDist = keys.slice().sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  const order = new Map();
  const PER_ROW = 8;
  const rows = new Map();
  for (const L of byDist) {
    const list = layers.get(L);
    const parentX = i => { const b = shown.get(i).by; return b >= 0 && order.has(b) ? order.get(b) : 0; };
    list.sort((a, b) => parentX(a) - parentX(b) || (N[a].date || '') .localeCompare(N[b].date || '') || name(N[a]).localeCompare(name(N[b])) || a - b);
    const rowCount = Math.ceil(list.length / PER_ROW);
    rows.set(L, rowCount);
    // Centred under (or over) the documents that revealed them, not under the root.
    const withParent = list.filter(i => shown.get(i).by >= 0 && order.has(shown.get(i).by));
    const shift = withParent.length ? withParent.reduce((t, i) => t + parentX(i), 0) / withParent.length : 0;
    list.forEach((i, j) => {
      const inRow = Math.min(PER_ROW, list.length - Math.floor(j / PER_ROW) * PER_ROW);
      const col = j % PER_ROW;
      order.set(i, shift + (col - (inRow - 1) / 2) * (BOX_W + 24));
    });
  }
  const DX = new Float64Array(n), DY = new Float64Array(n);
  const zero = rows.has(0) ? keys.indexOf(0) : 0;
  // Rows above layer 0 go upwards so the root stays at y = 0.
  const ys = new Map();
  let acc = 0;
  for (let j = zero; j < keys.length; j++) { ys.set(keys[j], acc); acc += rows.get(keys[j]) * (BOX_H + 16) + 60; }
  acc = 0;
  for (let j = zero - 1; j >= 0; j--) { acc -= rows.get(keys[j]) * (BOX_H + 16) + 60; ys.set(keys[j], acc); }
  for (const L of keys) {
    layers.get(L).forEach((i, j) => { DX[i] = order.get(i); DY[i] = ys.get(L) + Math.floor(j / PER_ROW) * (BOX_H + 16); });
  }
  X = DX; Y = DY;
}

function startDrill(i) {
  mode = 'drill';
  shown.clear(); opened.clear();
  drillRoot = i;
  shown.set(i, { layer: 0, by: -1 });
  expand(i, 'cited', true); expand(i, 'citing', true);
  layoutDrill();
  select(i, false);
  fit();
}
function expand(i, dir, quiet) {
  const s = shown.get(i);
  if (!s) return;
  const list = dir === 'cited' ? outE[i] : inE[i];
  for (const k of list) {
    if (!F.rel.has(E[k].relation)) continue;
    const j = dir === 'cited' ? et[k] : es[k];
    if (shown.has(j) || !nodeOk(j)) continue;
    shown.set(j, { layer: s.layer + (dir === 'cited' ? -1 : 1), by: i });
  }
  const o = opened.get(i) || { cited: false, citing: false };
  o[dir] = true; opened.set(i, o);
  if (!quiet) { layoutDrill(); redraw(); renderCard(); }
}
function collapse(i) {
  // Everything revealed from i, and from what that revealed, goes; i stays.
  const gone = new Set();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [j, s] of shown) if (!gone.has(j) && j !== i && (s.by === i || gone.has(s.by))) { gone.add(j); grew = true; }
  }
  gone.forEach(j => { shown.delete(j); opened.delete(j); });
  opened.delete(i);
  if (gone.has(selected)) selected = i;
  layoutDrill(); redraw(); renderCard();
}
function overview() {
  mode = 'overview'; X = OX; Y = OY;
  fit();
  if (selected >= 0) centreOn(selected);
}

// ---- the card ----
const card = document.getElementById('card');
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  if (attrs) for (const [a, v] of Object.entries(attrs)) { if (a === 'on') e.addEventListener('click', v); else if (a === 'class') e.className = v; else e.setAttribute(a, v); }
  for (const k of kids) if (k != null) e.append(k instanceof Node ? k : String(k));
  return e;
}
function docLink(i) { return el('a', { class: 'doc', on: () => { select(i, true); } }, name(N[i])); }
function sentence(src) {
  // The mention marked inside its sentence; text only, never parsed as HTML.
  const q = el('blockquote');
  const s = src.sentence || '', t = src.text || '';
  const at = t ? s.indexOf(t) : -1;
  if (at >= 0) q.append(s.slice(0, at), el('mark', null, t), s.slice(at + t.length));
  else q.append(s || t);
  q.append(el('span', { class: 'where' }, src.path + ':' + src.line + ':' + src.column + (src.relation ? ' · ' + src.relation : '')));
  return q;
}
function relList(title, ks, other) {
  const sec = el('section');
  const list = ks.slice().sort((a, b) => STRENGTH[E[b].relation] - STRENGTH[E[a].relation] || (N[other(a)].date || '').localeCompare(N[other(b)].date || '') || name(N[other(a)]).localeCompare(name(N[other(b)])));
  sec.append(el('h3', null, title + ' (' + list.length + ')'));
  const ul = el('ul', { class: 'rel' });
  const CAP = 60;
  const item = k => {
    const e = E[k], j = other(k), d = N[j];
    const li = el('li', null,
      el('span', { class: 'rl', style: 'background:' + REL_COLOUR[e.relation] }, e.relation), docLink(j), ' ',
      el('span', { class: 'meta' }, [d.kind, d.date, d.issuer && d.issuer.name].filter(Boolean).join(' · ')));
    for (const s of e.sources.slice(0, 3)) li.append(sentence(s));
    if (e.sources.length > 3) li.append(el('div', { class: 'meta' }, '+' + (e.sources.length - 3) + ' more mention(s)'));
    return li;
  };
  list.slice(0, CAP).forEach(k => ul.append(item(k)));
  sec.append(ul);
  if (list.length > CAP) {
    const b = el('button', { class: 'more', on: () => { list.slice(CAP).forEach(k => ul.append(item(k))); b.remove(); } }, 'show ' + (list.length - CAP) + ' more');
    sec.append(b);
  }
  return sec;
}
function renderCard() {
  card.textContent = '';
  const i = selected;
  if (i < 0) return;
  const d = N[i], is = d.issuer || {};
  const rows = [['kind', d.kind], ['date', d.date], ['issuer', is.name], ['level', is.level], ['province', is.province],
    ['title', d.title], ['subject', d.subject], ['file', d.path], ['in corpus', d.in_corpus ? 'yes' : 'no (only cited)'], ['id', d.id !== name(d) ? d.id : null]];
  const tb = el('table');
  for (const [k, v] of rows) if (v) tb.append(el('tr', null, el('th', null, k), el('td', { id: 'card-' + k.replace(' ', '-') }, v)));
  const acts = el('div', { class: 'acts' });
  if (mode === 'drill' && shown.has(i)) {
    const o = opened.get(i) || {};
    acts.append(
      el('button', { id: 'btn-cited', on: () => expand(i, 'cited') }, '▲ show cited (' + outE[i].length + ')'),
      el('button', { id: 'btn-citing', on: () => expand(i, 'citing') }, '▼ show citing (' + inE[i].length + ')'),
      el('button', { id: 'btn-collapse', on: () => collapse(i) }, 'collapse'));
    if (o.cited) acts.children[0].disabled = true;
    if (o.citing) acts.children[1].disabled = true;
    if (i !== drillRoot) acts.append(el('button', { on: () => startDrill(i) }, 'start from here'));
  } else {
    acts.append(el('button', { id: 'btn-explore', on: () => startDrill(i) }, 'Explore from here'));
  }
  card.append(el('h2', { id: 'card-key' }, name(d)), tb, acts,
    relList('Cites', outE[i], k => et[k]), relList('Cited by', inE[i], k => es[k]));
}
function select(i, move) {
  selected = i;
  if (mode === 'drill' && i >= 0 && !shown.has(i)) {
    // A document outside the drill-down is added under the one it was reached from.
    let layer = 0, by = -1;
    for (const k of outE[i]) if (shown.has(et[k])) { layer = shown.get(et[k]).layer + 1; by = et[k]; break; }
    if (by < 0) for (const k of inE[i]) if (shown.has(es[k])) { layer = shown.get(es[k]).layer - 1; by = es[k]; break; }
    if (by < 0) { startDrill(i); return; }
    shown.set(i, { layer, by });
    layoutDrill();
  }
  renderCard();
  if (move && i >= 0) centreOn(i); else redraw();
}

// ---- search box ----
const qIn = document.getElementById('q'), hitsEl = document.getElementById('hits');
let hits = [], active = 0;
function showHits() {
  hitsEl.textContent = '';
  hitsEl.hidden = hits.length === 0 && !qIn.value.trim();
  if (!qIn.value.trim()) return;
  if (!hits.length) { hitsEl.append(el('li', null, 'nothing found')); return; }
  hits.slice(0, 30).forEach((i, j) => {
    const d = N[i];
    const li = el('li', { class: j === active ? 'active' : '' }, name(d),
      el('small', null, [d.kind, d.date, d.issuer && d.issuer.name, indeg[i] + ' citing'].filter(Boolean).join(' · ')));
    li.addEventListener('mousedown', ev => { ev.preventDefault(); pick(i); });
    hitsEl.append(li);
  });
  if (hits.length > 30) hitsEl.append(el('li', null, el('small', null, (hits.length - 30) + ' more: type more of the key')));
}
function runSearch() {
  hits = search(qIn.value); active = 0;
  hitSet = new Set(hits.slice(0, 200));
  showHits(); redraw();
}
function pick(i) { hitsEl.hidden = true; select(i, true); }
qIn.addEventListener('input', runSearch);
qIn.addEventListener('keydown', ev => {
  if (ev.key === 'ArrowDown') { active = Math.min(active + 1, Math.min(hits.length, 30) - 1); showHits(); ev.preventDefault(); }
  else if (ev.key === 'ArrowUp') { active = Math.max(active - 1, 0); showHits(); ev.preventDefault(); }
  else if (ev.key === 'Enter' && hits.length) pick(hits[active]);
  else if (ev.key === 'Escape') { hitsEl.hidden = true; }
});
qIn.addEventListener('blur', () => { hitsEl.hidden = true; });
qIn.addEventListener('focus', () => { if (qIn.value.trim()) showHits(); });

// ---- filters ----
function buildFilters() {
  const relCount = {}, lvlCount = {};
  for (const e of E) relCount[e.relation] = (relCount[e.relation] || 0) + 1;
  for (const d of N) lvlCount[lvlOf(d)] = (lvlCount[lvlOf(d)] || 0) + 1;
  const box = (fs, key, set, value, label, sw, count) => {
    const c = el('input', { type: 'checkbox', id: 'f-' + key + '-' + value });
    c.checked = true;
    c.addEventListener('change', () => { if (c.checked) set.add(value); else set.delete(value); changed(); });
    fs.append(el('label', null, c, sw, label, el('span', { class: 'count' }, count)));
  };
  const fr = document.getElementById('f-rel'), fl = document.getElementById('f-lvl');
  for (const r of RELS) if (relCount[r]) box(fr, 'rel', F.rel, r, r, el('span', { class: 'sw line', style: 'background:' + REL_COLOUR[r] }), relCount[r]);
  for (const l of LEVELS) if (lvlCount[l]) box(fl, 'lvl', F.lvl, l, l, el('span', { class: 'sw', style: 'background:' + FILL[l] }), lvlCount[l]);
  const from = document.getElementById('d-from'), to = document.getElementById('d-to'), und = document.getElementById('d-undated');
  from.addEventListener('change', () => { F.from = from.value; changed(); });
  to.addEventListener('change', () => { F.to = to.value; changed(); });
  und.addEventListener('change', () => { F.undated = und.checked; changed(); });
  const lg = document.getElementById('legend');
  for (const l of LEVELS) if (lvlCount[l]) lg.append(el('span', null, el('span', { class: 'sw', style: 'background:' + FILL[l] }), ' ' + LEVEL_NAME[l]));
  lg.append(el('span', null, '○ hollow / dashed: cited, not in the corpus'), el('span', null, 'arrow → the cited document'));
}
function changed() { if (mode === 'drill') layoutDrill(); redraw(); }

// ---- pan, zoom, click ----
let drag = null;
canvas.addEventListener('pointerdown', ev => { drag = { x: ev.clientX, y: ev.clientY, tx: view.tx, ty: view.ty, moved: false }; canvas.setPointerCapture(ev.pointerId); });
canvas.addEventListener('pointermove', ev => {
  if (!drag) return;
  const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; canvas.classList.add('drag'); }
  if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; redrawSoon(); }
});
canvas.addEventListener('pointerup', ev => {
  const d = drag; drag = null; canvas.classList.remove('drag');
  if (d && !d.moved) { const i = nodeAt(ev); if (i >= 0) select(i, false); }
});
canvas.addEventListener('dblclick', ev => {
  const i = nodeAt(ev);
  if (i < 0) return;
  if (mode === 'overview') startDrill(i);
  else { expand(i, 'cited', true); expand(i, 'citing'); }
});
function nodeAt(ev) {
  const r = canvas.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
  let best = -1, bd = Infinity;
  for (const [i, cx, cy, rad, w, h] of drawn) {
    if (w) { if (Math.abs(x - cx) <= w / 2 && Math.abs(y - cy) <= h / 2) return i; continue; }
    const dd = Math.hypot(x - cx, y - cy);
    if (dd <= Math.max(rad, 6) && dd < bd) { bd = dd; best = i; }
  }
  return best;
}
function zoom(f, cx, cy) {
  const k = Math.min(Math.max(view.k * f, 0.002), 20);
  view.tx = cx - (cx - view.tx) * k / view.k; view.ty = cy - (cy - view.ty) * k / view.k; view.k = k;
  redrawSoon();
}
canvas.addEventListener('wheel', ev => {
  ev.preventDefault();
  const r = canvas.getBoundingClientRect();
  zoom(Math.exp(-ev.deltaY * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
}, { passive: false });
document.getElementById('zin').addEventListener('click', () => zoom(1.4, W / 2, H / 2));
document.getElementById('zout').addEventListener('click', () => zoom(1 / 1.4, W / 2, H / 2));
document.getElementById('fit').addEventListener('click', () => fit());
document.getElementById('overview').addEventListener('click', overview);
window.addEventListener('resize', resize);

// ---- start: `#q=KEY` searches on load (and `&drill=1` drills down from the first hit) ----
document.getElementById('title').textContent = D.title;
buildFilters();
resize();
fit();
const hash = new URLSearchParams(location.hash.slice(1));
const root = D.root != null ? idx.get(D.root) : undefined;
if (hash.get('q')) {
  qIn.value = hash.get('q');
  runSearch();
  hitsEl.hidden = true;
  if (hits.length) {
    if (hash.get('drill')) startDrill(hits[0]); else select(hits[0], true);
  } else card.prepend(el('p', { id: 'no-hit', class: 'hint' }, 'Nothing found for “' + qIn.value + '”.'));
} else if (root !== undefined) {
  startDrill(root);
}
})();
