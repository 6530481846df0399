/**
 * Positions in JSON text found by skipping over values rather than parsing them: one pass indexes where every
 * container ends and on which line it opens, and each finding walks its pointer from its own List item. Positions
 * are those the `yaml` parser gives (a member's key, an element's first character), which is what JSON input was
 * located with before.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const SPACE = 32;
const NEWLINE = 10;
const RETURN = 13;

/** The text is not the plain JSON this scanner follows (it stops rather than guess). */
export const NOT_JSON = Symbol('not json');

/** A member of an object (key and value offsets) or an element of an array (both the element's offset). */
export interface JsonEntry {
  readonly key: string | undefined;
  readonly keyAt: number;
  readonly valueAt: number;
  /** Offset just after the value. */
  readonly valueEnd: number;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Offset of the quote that closes the string opening at `i`. */
function stringEnd(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw NOT_JSON;
    let k = q - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    // An even run of backslashes escapes itself, not the quote.
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}

/** Every container of the text: opening offsets ascending, the offset just after each, and its 1-based line. */
interface ContainerIndex {
  readonly count: number;
  readonly opens: Int32Array;
  readonly ends: Int32Array;
  readonly lines: Int32Array;
}

/** An index being filled: containers are added as they open and given their end when they close. */
interface IndexBuilder {
  open(at: number, line: number): number;
  close(k: number, end: number): void;
  done(): ContainerIndex;
}

function indexBuilder(): IndexBuilder {
  let count = 0;
  let opens: Int32Array = new Int32Array(1024);
  let ends: Int32Array = new Int32Array(1024);
  let lines: Int32Array = new Int32Array(1024);
  const grown = (a: Int32Array): Int32Array => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };
  return {
    open(at, line) {
      if (count === opens.length) {
        opens = grown(opens);
        ends = grown(ends);
        lines = grown(lines);
      }
      opens[count] = at;
      lines[count] = line;
      return count++;
    },
    close(k, end) {
      ends[k] = end;
    },
    done: () => ({ count, opens, ends, lines }),
  };
}

function isOpen(c: number): boolean {
  return c === LBRACE || c === LBRACKET;
}

function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text.charCodeAt(i) === SPACE) i++;
  return i - lineStart;
}

function spacesBetween(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) !== SPACE) return false;
  return true;
}

/** Newlines in [from, to). */
function newlinesBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The index of pretty-printed JSON (kubectl, jq, JSON.stringify), read a line at a time: a line that ends with a
 * bracket opens a container, a line holding only a closing bracket at the indent of the line that opened it closes
 * one. JSON strings hold no raw newline, so no string can pass for either. Undefined when the text is not laid out
 * that way; it is then read character by character.
 */
function indexPretty(text: string, at: number, line: number): ContainerIndex | undefined {
  let nl = text.indexOf('\n', at);
  if (nl < 0 || !spacesBetween(text, at + 1, text.charCodeAt(nl - 1) === RETURN ? nl - 1 : nl)) return undefined;
  const index = indexBuilder();
  // Per open container: its number in the index, and the indent of the line it opened on.
  const open: number[] = [index.open(at, line)];
  const indents: number[] = [indentOf(text, text.lastIndexOf('\n', at) + 1)];
  while (nl >= 0) {
    const lineStart = nl + 1;
    line++;
    nl = text.indexOf('\n', lineStart);
    let last = (nl < 0 ? text.length : nl) - 1;
    if (text.charCodeAt(last) === RETURN) last--;
    let c = text.charCodeAt(last);
    if (c === COMMA) c = text.charCodeAt(--last);
    const before = last === lineStart ? SPACE : text.charCodeAt(last - 1);
    if (isOpen(c) && (before === SPACE || before === COLON)) {
      open.push(index.open(last, line));
      indents.push(indentOf(text, lineStart));
    } else if ((c === RBRACE || c === RBRACKET) && before === SPACE) {
      const k = open.pop();
      const indent = indents.pop();
      if (k === undefined || indent !== last - lineStart || !spacesBetween(text, lineStart, last)) return undefined;
      if (text.charCodeAt(index.done().opens[k] ?? 0) !== (c === RBRACE ? LBRACE : LBRACKET)) return undefined;
      index.close(k, last + 1);
      if (open.length === 0) return index.done();
    }
  }
  return undefined;
}

/** The index of the container at `at`, in one pass; throws NOT_JSON when its brackets do not balance. */
function indexContainers(text: string, at: number): ContainerIndex {
  const line = newlinesBetween(text, 0, at) + 1;
  const pretty = indexPretty(text, at, line);
  if (pretty) return pretty;
  const index = indexBuilder();
  const open: number[] = [];
  let lines = line;
  for (let j = at; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === QUOTE) j = stringEnd(text, j);
    else if (ch === NEWLINE) lines++;
    else if (isOpen(ch)) open.push(index.open(j, lines));
    else if (ch === RBRACE || ch === RBRACKET) {
      const k = open.pop();
      if (k === undefined) throw NOT_JSON;
      index.close(k, j + 1);
      if (open.length === 0) return index.done();
    }
  }
  throw NOT_JSON;
}

/** The number of the last container opening at or before `offset`; -1 when none does. */
function containerBefore(index: ContainerIndex, offset: number): number {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.opens[mid] ?? 0) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Offset just after the value that starts at `i`. */
function valueEnd(text: string, i: number, index: ContainerIndex): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i) + 1;
  if (isOpen(c)) {
    const k = containerBefore(index, i);
    if (index.opens[k] !== i) throw NOT_JSON;
    return index.ends[k] ?? 0;
  }
  let j = i;
  for (; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === COMMA || ch === RBRACE || ch === RBRACKET || ch === SPACE || ch === NEWLINE || ch === RETURN || ch === 9) break;
  }
  if (j === i) throw NOT_JSON;
  return j;
}

/** The key of the member whose name opens at `i` (a quote), and the offset after its closing quote. */
function keyAt(text: string, i: number): { key: string; end: number } {
  if (text.charCodeAt(i) !== QUOTE) throw NOT_JSON;
  const ke = stringEnd(text, i);
  const raw = text.slice(i + 1, ke);
  return { key: raw.includes('\\') ? (JSON.parse(text.slice(i, ke + 1)) as string) : raw, end: ke + 1 };
}

/** The members or elements of the object or array at `at`; an empty list for a scalar. */
function entriesAt(text: string, at: number, index: ContainerIndex): JsonEntry[] {
  const open = text.charCodeAt(at);
  if (!isOpen(open)) return [];
  const close = open === LBRACE ? RBRACE : RBRACKET;
  const out: JsonEntry[] = [];
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === close) return out;
  for (;;) {
    let key: string | undefined;
    const start = i;
    if (open === LBRACE) {
      const k = keyAt(text, i);
      key = k.key;
      i = skipSpace(text, k.end);
      if (text.charCodeAt(i) !== COLON) throw NOT_JSON;
      i = skipSpace(text, i + 1);
    }
    const end = valueEnd(text, i, index);
    out.push({ key, keyAt: start, valueAt: i, valueEnd: end });
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === close) return out;
    if (c !== COMMA) throw NOT_JSON;
    i = skipSpace(text, i + 1);
  }
}

/** Offset of the value of the first member `key` of the object at `at`, skipping only the members before it. */
function memberValue(text: string, at: number, key: string, index: ContainerIndex): number | undefined {
  if (text.charCodeAt(at) !== LBRACE) return undefined;
  let i = skipSpace(text, at + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const k = keyAt(text, i);
    i = skipSpace(text, k.end);
    if (text.charCodeAt(i) !== COLON) throw NOT_JSON;
    i = skipSpace(text, i + 1);
    if (k.key === key) return i;
    i = skipSpace(text, valueEnd(text, i, index));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** Whether the member name between the quotes at `open` and `close` is `seg`, compared in place. */
function keyIs(text: string, open: number, close: number, seg: string): boolean {
  for (let k = open + 1; k < close; k++) {
    // An escaped name is decoded first; plain ones (nearly all) are compared where they are.
    if (text.charCodeAt(k) === BACKSLASH) return (JSON.parse(text.slice(open, close + 1)) as string) === seg;
  }
  return close - open - 1 === seg.length && text.startsWith(seg, open + 1);
}

/**
 * What `seg` names in the container at `at`: the first member with that key (its key's and value's offsets), or
 * the element at that index. Walks the members in place, allocating nothing for the ones it passes.
 */
function child(text: string, at: number, seg: string, index: ContainerIndex): { keyAt: number; valueAt: number } | undefined {
  const open = text.charCodeAt(at);
  const close = open === LBRACE ? RBRACE : RBRACKET;
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === close) return undefined;
  const wanted = open === LBRACKET ? Number(seg) : -1;
  for (let n = 0; ; n++) {
    const start = i;
    let found = n === wanted;
    if (open === LBRACE) {
      if (text.charCodeAt(i) !== QUOTE) throw NOT_JSON;
      const ke = stringEnd(text, i);
      found = keyIs(text, i, ke, seg);
      i = skipSpace(text, ke + 1);
      if (text.charCodeAt(i) !== COLON) throw NOT_JSON;
      i = skipSpace(text, i + 1);
    }
    if (found) return { keyAt: start, valueAt: i };
    i = skipSpace(text, valueEnd(text, i, index));
    const c = text.charCodeAt(i);
    if (c === close) return undefined;
    if (c !== COMMA) throw NOT_JSON;
    i = skipSpace(text, i + 1);
  }
}

export interface JsonLocator {
  /** Offset of what `segments` name below the value at `from` (or of the deepest part of it that exists). */
  offsetOf(from: number, segments: readonly string[]): number;
  /** Offset of the root value. */
  readonly root: number;
  /** The elements of the root's `items` array, found once; undefined when the root has none. */
  items(): readonly JsonEntry[] | undefined;
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number };
}

/** A locator over one JSON text; throws NOT_JSON (from any call) when the text is not plain JSON. */
export function jsonLocator(text: string): JsonLocator {
  const root = skipSpace(text, 0);
  let built: ContainerIndex | undefined;
  // Made on the first question: one pass over the whole text, kept for every finding after it.
  const index = (): ContainerIndex => (built ??= isOpen(text.charCodeAt(root)) ? indexContainers(text, root) : indexBuilder().done());
  let items: JsonEntry[] | undefined | null = null;
  return {
    root,
    offsetOf(from, segments) {
      let at = from;
      let offset = from;
      for (const seg of segments) {
        const c = text.charCodeAt(at);
        if (!isOpen(c)) break;
        const e = child(text, at, seg, index());
        if (!e) break;
        offset = e.keyAt;
        at = e.valueAt;
      }
      return offset;
    },
    items() {
      if (items === null) {
        const list = memberValue(text, root, 'items', index());
        items = list !== undefined && text.charCodeAt(list) === LBRACKET ? entriesAt(text, list, index()) : undefined;
      }
      return items;
    },
    position(offset) {
      // Lines counted from the nearest container opening before the offset, whose line the index holds.
      const idx = index();
      const k = containerBefore(idx, offset);
      const from = k >= 0 ? (idx.opens[k] ?? 0) : 0;
      const line = (k >= 0 ? (idx.lines[k] ?? 1) : 1) + newlinesBetween(text, from, offset);
      return { line, column: offset - text.lastIndexOf('\n', offset - 1) };
    },
  };
}
