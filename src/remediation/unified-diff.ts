/** Edit script between two line arrays (Myers' O(ND) algorithm): fine for files where a few lines changed. */
function editScript(a: readonly string[], b: readonly string[]): ('=' | '-' | '+')[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0)) ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { done = true; break; }
    }
  }
  const ops: ('=' | '-' | '+')[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] ?? v;
    const k = x - y;
    const prevK = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0)) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { ops.push('='); x--; y--; }
    if (d > 0) ops.push(x === prevX ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff (`diff -u` layout, `context` lines around each change); '' when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail are cut first, so the O(ND) search only sees the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const script: ('=' | '-' | '+')[] = [...Array<'='>(head).fill('='), ...editScript(a.slice(head, a.length - tail), b.slice(head, b.length - tail)), ...Array<'='>(tail).fill('=')];
  const rows: { op: '=' | '-' | '+'; ai: number; bi: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const op of script) {
    rows.push({ op, ai, bi });
    if (op !== '+') ai++;
    if (op !== '-') bi++;
  }
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let i = 0;
  while (i < rows.length) {
    if (rows[i]?.op === '=') { i++; continue; }
    let start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2*context equal lines.
    for (;;) {
      while (end < rows.length && rows[end]?.op !== '=') end++;
      let next = end;
      while (next < rows.length && rows[next]?.op === '=') next++;
      if (next < rows.length && next - end <= 2 * context) { end = next; continue; }
      end = Math.min(rows.length, end + context);
      break;
    }
    const hunk = rows.slice(start, end);
    const first = hunk[0];
    const aCount = hunk.filter((r) => r.op !== '+').length;
    const bCount = hunk.filter((r) => r.op !== '-').length;
    const aStart = first ? first.ai + (aCount > 0 ? 1 : 0) : 0;
    const bStart = first ? first.bi + (bCount > 0 ? 1 : 0) : 0;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const r of hunk) out.push(r.op === '=' ? ` ${a[r.ai] ?? ''}` : r.op === '-' ? `-${a[r.ai] ?? ''}` : `+${b[r.bi] ?? ''}`);
    i = end;
    start = end;
  }
  return out.join('\n') + '\n';
}
