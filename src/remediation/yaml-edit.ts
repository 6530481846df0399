import { isDeepStrictEqual } from 'node:util';
import type { Document, Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { FixOp } from '../core/finding.js';
import { segmentsOf } from '../core/resource.js';

/** The text of one YAML document after an edit, or why the edit was not made (the text is then unchanged). */
export type EditResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

interface Style {
  readonly indent: number;
  /** Block sequences under a key are indented (`key:\n  - a`) rather than compact (`key:\n- a`). */
  readonly indentSeq: boolean;
}

type Parent = { readonly kind: 'map'; readonly node: Node; readonly pair?: Pair<Node, Node | null>; readonly key: string }
  | { readonly kind: 'seq'; readonly node: Node; readonly index: number };

interface Target {
  /** The collection that holds the target, with the target's key or index. */
  readonly parent: Parent;
  /** The node at the path, when it exists. */
  readonly node: Node | null | undefined;
  /** The pair holding the parent collection inside its own parent, for removing a map that becomes empty. */
  readonly parentPath: readonly string[];
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEnd(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i < 0 ? text.length : i;
}

function columnOf(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

function rangeOf(node: Node): [number, number] {
  const r = node.range ?? [0, 0, 0];
  return [r[0], r[1]];
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyText(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  return isScalar(k) ? String(k.value) : undefined;
}

function styleOf(text: string, doc: Document): Style {
  let indent = 2;
  let indentSeq = true;
  let foundIndent = false;
  let foundSeq = false;
  const visit = (node: unknown, keyColumn: number | undefined): void => {
    if (foundIndent && foundSeq) return;
    if (isMap(node) && !node.flow) {
      for (const p of node.items) {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        if (!k?.range) continue;
        const col = columnOf(text, k.range[0]);
        if (!foundIndent && isMap(v) && !v.flow && v.items[0]?.key) {
          const inner = (v.items[0].key as Node).range;
          if (inner && lineStart(text, inner[0]) !== lineStart(text, k.range[0])) { indent = columnOf(text, inner[0]) - col; foundIndent = indent > 0; }
        }
        if (!foundSeq && isSeq(v) && !v.flow && v.range) {
          const dash = text.lastIndexOf('-', v.range[0]);
          if (dash >= 0 && lineStart(text, dash) !== lineStart(text, k.range[0])) { indentSeq = columnOf(text, dash) > col; foundSeq = true; }
        }
        visit(v, col);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, keyColumn);
    }
  };
  visit(doc.contents, undefined);
  return { indent: foundIndent ? indent : 2, indentSeq };
}

/** A scalar as YAML text, keeping the quoting style of the value it replaces where that still reads the same. */
function scalarText(value: unknown, like?: Node): string {
  if (typeof value === 'string' && isScalar(like)) {
    if (like.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (like.type === 'QUOTE_SINGLE' && !value.includes('\n')) return `'${value.replace(/'/g, "''")}'`;
  }
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function blockText(value: unknown, column: number, style: Style): string {
  const body = stringify(value, { lineWidth: 0, indent: style.indent, indentSeq: style.indentSeq }).trimEnd();
  return body.split('\n').map((l) => ' '.repeat(column) + l).join('\n');
}

function isEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

/** `key: value` (or `key:` with a block below it) at `column`. */
function pairText(key: string, value: unknown, column: number, style: Style): string {
  const k = scalarText(key);
  const pad = ' '.repeat(column);
  if (typeof value !== 'object' || value === null || isEmptyCollection(value)) return `${pad}${k}: ${isEmptyCollection(value) ? (Array.isArray(value) ? '[]' : '{}') : scalarText(value)}`;
  const inner = Array.isArray(value) && !style.indentSeq ? column : column + style.indent;
  return `${pad}${k}:\n${blockText(value, inner, style)}`;
}

function find(doc: Document, segments: readonly string[]): Target | string {
  let node: unknown = doc.contents;
  let pair: Pair<Node, Node | null> | undefined;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i] ?? '';
    if (isMap(node)) {
      pair = node.items.find((p) => keyText(p) === seg) as Pair<Node, Node | null> | undefined;
      if (!pair) return `no ${segments.slice(0, i + 1).join('/')} to change`;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
      pair = undefined;
      if (node === undefined) return `no item ${segments.slice(0, i + 1).join('/')}`;
    } else {
      return `${segments.slice(0, i).join('/') || 'the document'} is not a mapping or sequence`;
    }
  }
  const last = segments[segments.length - 1] ?? '';
  const parentPath = segments.slice(0, -1);
  if (isMap(node)) {
    const p = node.items.find((q) => keyText(q) === last) as Pair<Node, Node | null> | undefined;
    return { parent: { kind: 'map', node: node as Node, ...(pair ? { pair } : {}), key: last }, node: p ? p.value : undefined, parentPath };
  }
  if (isSeq(node)) {
    const index = last === '-' ? node.items.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > node.items.length) return `bad sequence index "${last}"`;
    return { parent: { kind: 'seq', node: node as Node, index }, node: node.items[index] as Node | undefined, parentPath };
  }
  return `${parentPath.join('/') || 'the document'} is not a mapping or sequence`;
}

/** Replaces a flow collection with its new value, written as a flow collection too. */
function rewriteFlow(text: string, node: Node, value: unknown): string {
  const [s, e] = rangeOf(node);
  return splice(text, s, e, stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd());
}

function pairsOf(node: Node): Pair<Node, Node | null>[] {
  return isMap(node) ? (node.items as Pair<Node, Node | null>[]) : [];
}

function pairEnd(p: Pair<Node, Node | null>): number {
  return p.value?.range ? Math.max(p.value.range[1], (p.key.range ?? [0, 0])[1]) : (p.key.range ?? [0, 0])[1];
}

function addToMap(text: string, parent: Node, key: string, value: unknown, style: Style): string | undefined {
  if (isMap(parent) && parent.flow) {
    return rewriteFlow(text, parent, { ...(parent.toJSON() as Record<string, unknown>), [key]: value });
  }
  const pairs = pairsOf(parent);
  const first = pairs[0];
  const last = pairs[pairs.length - 1];
  if (!first?.key.range || !last) return undefined;
  const column = columnOf(text, first.key.range[0]);
  const end = pairEnd(last);
  const at = lineEnd(text, Math.max(first.key.range[0], end - 1));
  return splice(text, at, at, '\n' + pairText(key, value, column, style));
}

function appendToSeq(text: string, seq: Node, value: unknown, style: Style): string | undefined {
  if (!isSeq(seq)) return undefined;
  if (seq.flow) return rewriteFlow(text, seq, [...(seq.toJSON() as unknown[]), value]);
  const items = seq.items as Node[];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first?.range || !last?.range) return undefined;
  const dash = text.lastIndexOf('-', first.range[0]);
  if (dash < 0 || lineStart(text, dash) !== lineStart(text, first.range[0])) return undefined;
  const column = columnOf(text, dash);
  const at = lineEnd(text, Math.max(first.range[0], last.range[1] - 1));
  const item = typeof value === 'object' && value !== null && !isEmptyCollection(value)
    ? blockText(value, column + 2, style).slice(column + 2)
    : scalarText(value);
  return splice(text, at, at, `\n${' '.repeat(column)}- ${item}`);
}

/** Puts `value` where an existing node is (same key, same place). */
function replaceNode(text: string, target: Target, value: unknown, style: Style): string | undefined {
  const node = target.node;
  const valueIsCollection = typeof value === 'object' && value !== null;
  if (isScalar(node) && node.type !== 'BLOCK_FOLDED' && node.type !== 'BLOCK_LITERAL' && node.range) {
    const [s, e] = rangeOf(node);
    if (!valueIsCollection || isEmptyCollection(value)) return splice(text, s, e, valueIsCollection ? (Array.isArray(value) ? '[]' : '{}') : scalarText(value, node));
    // An empty or null value (`key:`) becomes a block below its key.
    if (target.parent.kind !== 'map') return undefined;
    const keyNode = pairsOf(target.parent.node).find((p) => p.value === node)?.key;
    if (!keyNode?.range) return undefined;
    const column = columnOf(text, keyNode.range[0]);
    const colon = text.indexOf(':', keyNode.range[1]);
    if (colon < 0 || colon > s) return undefined;
    const inner = Array.isArray(value) && !style.indentSeq ? column : column + style.indent;
    return splice(text, colon + 1, e, '\n' + blockText(value, inner, style));
  }
  if ((isMap(node) || isSeq(node)) && node.flow) return rewriteFlow(text, node, value);
  return undefined;
}

function removeNode(text: string, doc: Document, target: Target): string | undefined {
  const { parent } = target;
  if (parent.kind === 'map') {
    if (isMap(parent.node) && parent.node.flow) {
      const rest = { ...(parent.node.toJSON() as Record<string, unknown>) };
      delete rest[parent.key];
      return rewriteFlow(text, parent.node, rest);
    }
    const pairs = pairsOf(parent.node);
    const i = pairs.findIndex((p) => keyText(p) === parent.key);
    const p = pairs[i];
    if (!p?.key.range) return undefined;
    if (pairs.length === 1) {
      // The mapping would be left empty: remove it from its own parent (an empty `annotations:` would read as null).
      if (target.parentPath.length > 0) {
        const up = find(doc, target.parentPath);
        if (typeof up !== 'string' && up.parent.kind === 'map') return removeNode(text, doc, up);
      }
      const [s, e] = [p.key.range[0], pairEnd(p)];
      return splice(text, s, e, '{}');
    }
    const ks = p.key.range[0];
    const before = text.slice(lineStart(text, ks), ks);
    const next = pairs[i + 1];
    if (/^\s*-\s+$/.test(before) && next?.key.range) return splice(text, ks, next.key.range[0], '');
    if (!/^\s*$/.test(before)) return undefined;
    const end = lineEnd(text, Math.max(ks, pairEnd(p) - 1));
    const from = lineStart(text, ks);
    return from === 0 ? splice(text, 0, Math.min(text.length, end + 1), '') : splice(text, from - 1, end, '');
  }
  if (!isSeq(parent.node) || !target.node?.range) return undefined;
  if (parent.node.flow) {
    const rest = [...(parent.node.toJSON() as unknown[])];
    rest.splice(parent.index, 1);
    return rewriteFlow(text, parent.node, rest);
  }
  if (parent.node.items.length === 1) return undefined;
  const [s, e] = rangeOf(target.node);
  const dash = text.lastIndexOf('-', s);
  if (dash < 0 || !/^\s*$/.test(text.slice(lineStart(text, dash), dash))) return undefined;
  const end = lineEnd(text, Math.max(s, e - 1));
  const from = lineStart(text, dash);
  return from === 0 ? splice(text, 0, Math.min(text.length, end + 1), '') : splice(text, from - 1, end, '');
}

/** RFC 6902 on plain data, except that `add` of a mapping onto a mapping merges (so two fixes that add to one securityContext both hold). */
export function applyToData(data: unknown, segments: readonly string[], op: FixOp): unknown {
  if (segments.length === 0) return op.op === 'remove' ? undefined : mergeValue(data, op.value, op.op === 'add');
  const [head = '', ...rest] = segments;
  if (Array.isArray(data)) {
    const copy = [...(data as unknown[])];
    const index = head === '-' ? copy.length : Number(head);
    if (rest.length === 0) {
      if (op.op === 'remove') copy.splice(index, 1);
      else if (op.op === 'add' && (head === '-' || index === copy.length)) copy.push(op.value);
      else copy[index] = mergeValue(copy[index], op.value, op.op === 'add');
      return copy;
    }
    copy[index] = applyToData(copy[index], rest, op);
    return copy;
  }
  const obj = { ...(isPlainObject(data) ? data : {}) };
  if (rest.length === 0) {
    if (op.op === 'remove') delete obj[head];
    else obj[head] = mergeValue(obj[head], op.value, op.op === 'add');
    return obj;
  }
  const child = applyToData(obj[head], rest, op);
  // The text edit removes a mapping that a remove leaves empty, when that mapping sits in a mapping.
  if (op.op === 'remove' && isPlainObject(child) && Object.keys(child).length === 0 && isPlainObject(obj[head]) && Object.keys(obj[head]).length === 1) delete obj[head];
  else obj[head] = child;
  return obj;
}

function mergeValue(current: unknown, value: unknown, merge: boolean): unknown {
  if (!merge || !isPlainObject(current) || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(value)) out[k] = mergeValue(out[k], v, true);
  return out;
}

function editOnce(text: string, segments: readonly string[], op: FixOp): EditResult {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) return { ok: false, reason: `the document does not parse: ${doc.errors[0]?.message ?? ''}` };
  const target = find(doc, segments);
  if (typeof target === 'string') return { ok: false, reason: target };
  const style = styleOf(text, doc);
  let out: string | undefined;
  if (op.op === 'remove') {
    if (target.node === undefined) return { ok: true, text };
    out = removeNode(text, doc, target);
  } else if (target.node !== undefined && target.node !== null && isMap(target.node) && !target.node.flow && isPlainObject(op.value) && op.op === 'add') {
    // Merge key by key, so the mapping keeps its comments and the keys it had.
    let current = text;
    for (const [k, v] of Object.entries(op.value)) {
      const r = editOnce(current, [...segments, k], { op: 'add', path: '', value: v });
      if (!r.ok) return r;
      current = r.text;
    }
    return { ok: true, text: current };
  } else if (target.node !== undefined && target.node !== null && !(target.parent.kind === 'seq' && op.op === 'add' && segments[segments.length - 1] === '-')) {
    out = replaceNode(text, target, op.value, style);
  } else if (target.parent.kind === 'map') {
    out = target.node === null ? replaceNode(text, target, op.value, style) : addToMap(text, target.parent.node, target.parent.key, op.value, style);
  } else if (target.parent.index === (target.parent.node as { items: unknown[] }).items.length) {
    out = appendToSeq(text, target.parent.node, op.value, style);
  }
  if (out === undefined) return { ok: false, reason: `cannot rewrite /${segments.join('/')} in place (its layout is not one the editor handles)` };
  return { ok: true, text: out };
}

/**
 * Applies JSON patch ops to one YAML document's text, changing only the bytes of the nodes they touch.
 * `base` is the JSON pointer of the resource inside the document ('' or /items/N). The result is checked
 * by parsing it again: when it does not hold exactly the patched data, the edit is refused.
 */
export function editDocument(text: string, base: string, ops: readonly FixOp[]): EditResult {
  const before = parseDocument(text);
  if (before.errors.length > 0) return { ok: false, reason: `the document does not parse: ${before.errors[0]?.message ?? ''}` };
  let expected: unknown = before.toJS();
  let current = text;
  for (const op of ops) {
    const segments = [...segmentsOf(base), ...segmentsOf(op.path)];
    const r = editOnce(current, segments, op);
    if (!r.ok) return r;
    expected = applyToData(expected, segments, op);
    current = r.text;
  }
  const after = parseDocument(current);
  if (after.errors.length > 0 || !isDeepStrictEqual(after.toJS(), expected)) {
    return { ok: false, reason: 'the edited text would not read back as the fixed object; left unchanged' };
  }
  return { ok: true, text: current };
}
