import type { FlowEdge, FlowMap } from './flow-map.js';
import { COLUMN_TITLES } from './flow-map.js';
import { markupEscape as xml } from '../../core/escape.js';

function encLabel(e: FlowEdge): string {
  return e.encryption === 'tls' ? 'TLS' : e.encryption === 'mtls' ? 'mTLS' : e.encryption === 'plaintext' ? 'PLAINTEXT' : 'encryption unknown';
}

function edgeText(e: FlowEdge): string {
  return `${e.label} ${encLabel(e)}, ${e.policy}`;
}

function ids(map: FlowMap): Map<string, string> {
  return new Map(map.nodes.map((n, i) => [n.id, `n${i}`]));
}

/** Mermaid flowchart, one subgraph per column. */
export function renderMermaid(map: FlowMap): string {
  const id = ids(map);
  const q = (s: string): string => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  // An empty map is a picture of its reason, as in the SVG, not a blank chart.
  if (map.empty) lines.push(`  empty["${q(map.empty)}"]`);
  COLUMN_TITLES.forEach((title, col) => {
    const nodes = map.nodes.filter((n) => n.column === col);
    if (nodes.length === 0) return;
    lines.push(`  subgraph c${col}["${title}"]`);
    for (const n of nodes) lines.push(`    ${id.get(n.id) ?? ''}["${q(n.label)}"]`);
    lines.push('  end');
  });
  map.edges.forEach((e) => {
    const arrow = e.policy === 'denied' ? '-. "' + q(edgeText(e)) + '" .->' : '-- "' + q(edgeText(e)) + '" -->';
    lines.push(`  ${id.get(e.from) ?? ''} ${arrow} ${id.get(e.to) ?? ''}`);
  });
  map.edges.forEach((e, i) => {
    const color = e.policy === 'denied' ? '#999999' : e.encryption === 'plaintext' ? '#d62728' : e.encryption === 'unknown' ? '#ff7f0e' : '#2ca02c';
    lines.push(`  linkStyle ${i} stroke:${color}${e.policy === 'denied' ? ',stroke-dasharray:4' : ''}`);
  });
  return lines.join('\n') + '\n';
}

/** Graphviz DOT, ranks left to right by column. */
export function renderDot(map: FlowMap): string {
  const id = ids(map);
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph phi_flow {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  if (map.empty) lines.push(`  empty [shape=plaintext, label=${q(map.empty)}];`);
  COLUMN_TITLES.forEach((title, col) => {
    const nodes = map.nodes.filter((n) => n.column === col);
    if (nodes.length === 0) return;
    lines.push(`  subgraph cluster_${col} {`, `    label=${q(title)};`, '    rank=same;');
    for (const n of nodes) lines.push(`    ${id.get(n.id) ?? ''} [label=${q(n.label)}];`);
    lines.push('  }');
  });
  for (const e of map.edges) {
    const color = e.policy === 'denied' ? 'gray60' : e.encryption === 'plaintext' ? 'red' : e.encryption === 'unknown' ? 'orange' : 'darkgreen';
    lines.push(`  ${id.get(e.from) ?? ''} -> ${id.get(e.to) ?? ''} [label=${q(edgeText(e))}, color=${color}${e.policy === 'denied' ? ', style=dashed' : ''}, tooltip=${q(e.why)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A self-contained SVG laid out in columns: no scripts, no external fonts or images. */
export function renderSvg(map: FlowMap, layout: { readonly columnWidth?: number; readonly boxWidth?: number } = {}): string {
  const colW = layout.columnWidth ?? 330, boxW = layout.boxWidth ?? 210, boxH = 34, rowH = 64, top = 70, left = 30;
  const rows = new Map<string, { x: number; y: number }>();
  let maxRows = 1;
  COLUMN_TITLES.forEach((_t, col) => {
    const nodes = map.nodes.filter((n) => n.column === col);
    maxRows = Math.max(maxRows, nodes.length);
    nodes.forEach((n, i) => rows.set(n.id, { x: left + col * colW, y: top + i * rowH }));
  });
  const width = left * 2 + COLUMN_TITLES.length * colW;
  const height = top + maxRows * rowH + 90;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<title>PHI flow map</title>',
    '<defs>',
    ...['green', 'red', 'orange', 'gray'].map((c) => `<marker id="a-${c}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${c === 'green' ? '#2ca02c' : c === 'red' ? '#d62728' : c === 'orange' ? '#ff7f0e' : '#999'}"/></marker>`),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  COLUMN_TITLES.forEach((t, col) => out.push(`<text x="${left + col * colW + boxW / 2}" y="36" text-anchor="middle" font-size="14" font-weight="bold">${xml(t)}</text>`));
  const labels: string[] = [];
  for (const e of map.edges) {
    const a = rows.get(e.from), b = rows.get(e.to);
    if (!a || !b) continue;
    const c = e.policy === 'denied' ? 'gray' : e.encryption === 'plaintext' ? 'red' : e.encryption === 'unknown' ? 'orange' : 'green';
    const stroke = c === 'green' ? '#2ca02c' : c === 'red' ? '#d62728' : c === 'orange' ? '#ff7f0e' : '#999';
    const x1 = a.x + boxW, y1 = a.y + boxH / 2, x2 = b.x, y2 = b.y + boxH / 2;
    const sameCol = x2 <= x1;
    const d = sameCol ? `M${a.x + boxW / 2},${a.y + boxH} C${a.x + boxW / 2},${(a.y + b.y) / 2 + boxH} ${b.x + boxW / 2},${(a.y + b.y) / 2} ${b.x + boxW / 2},${b.y}`
      : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    out.push(`<path d="${d}" fill="none" stroke="${stroke}" stroke-width="1.6"${e.policy === 'denied' ? ' stroke-dasharray="5,4"' : ''} marker-end="url(#a-${c})"><title>${xml(edgeText(e) + ' — ' + e.why)}</title></path>`);
    // Short labels in the gap between columns, drawn after the boxes with a white halo so nothing hides them.
    const short = `${encLabel(e)}${e.policy === 'denied' ? ', denied' : ''}`;
    labels.push(sameCol
      ? `<text x="${a.x + boxW / 2 + 8}" y="${(a.y + boxH + b.y) / 2 + 4}" fill="${stroke}" font-size="10" stroke="#fff" stroke-width="3" paint-order="stroke">${xml(short)}<title>${xml(edgeText(e))}</title></text>`
      : `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 5}" text-anchor="middle" fill="${stroke}" font-size="10" stroke="#fff" stroke-width="3" paint-order="stroke">${xml(short)}<title>${xml(edgeText(e))}</title></text>`);
  }
  for (const n of map.nodes) {
    const p = rows.get(n.id);
    if (!p) continue;
    const label = n.label.length > 34 ? n.label.slice(0, 33) + '…' : n.label;
    out.push(`<g><title>${xml(n.label)}</title><rect x="${p.x}" y="${p.y}" width="${boxW}" height="${boxH}" rx="6" fill="${n.column === 4 ? '#fde8e8' : n.column === 0 ? '#eeeeee' : '#e8f0fd'}" stroke="#555"/>` +
      `<text x="${p.x + boxW / 2}" y="${p.y + boxH / 2 + 4}" text-anchor="middle">${xml(label)}</text></g>`);
  }
  out.push(...labels);
  const ly = height - 40;
  const legend: [string, string, boolean][] = [['#2ca02c', 'encrypted (TLS/mTLS), allowed', false], ['#d62728', 'plaintext, allowed', false], ['#ff7f0e', 'encryption unknown', false], ['#999', 'denied by NetworkPolicy', true]];
  legend.forEach(([color, text, dashed], i) => {
    const x = left + i * 250;
    out.push(`<line x1="${x}" y1="${ly}" x2="${x + 40}" y2="${ly}" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5,4"' : ''}/><text x="${x + 48}" y="${ly + 4}">${xml(text)}</text>`);
  });
  if (map.empty) out.push(`<text x="${left}" y="${top + 20}">${xml(map.empty)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
