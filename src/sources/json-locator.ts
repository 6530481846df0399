/**
 * Positions in JSON text found by skipping over values rather than parsing them: the items of a List are found
 * in one pass, and each finding walks its pointer from its own item. Positions are those the `yaml` parser
 * gives (a member's key, an element's first character), which is what JSON input was located with before.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

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

/**
 * The end of a pretty-printed container at `i`, found line by line: JSON strings hold no raw newline, and a
 * pretty-printer (kubectl, jq, JSON.stringify) closes a container that ends its line at the start of a line indented
 * like the one it opened on. Undefined when the text is not laid out that way (compact JSON); the caller scans then.
 */
function prettyEnd(text: string, i: number, close: number): number | undefined {
  const next = text.charCodeAt(i + 1);
  if (next !== 10 && !(next === 13 && text.charCodeAt(i + 2) === 10)) return undefined;
  const lineStart = text.lastIndexOf('\n', i) + 1;
  let indent = lineStart;
  while (text.charCodeAt(indent) === 32) indent++;
  if (indent > i || (indent < i && text.charCodeAt(indent) !== QUOTE)) return undefined;
  const n = indent - lineStart;
  for (let nl = text.indexOf('\n', i + 1); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    if (text.charCodeAt(nl + 1 + n) !== close) continue;
    let k = 1;
    while (k <= n && text.charCodeAt(nl + k) === 32) k++;
    if (k > n) return nl + 2 + n;
  }
  return undefined;
}

/** The containers within one value: opening offsets ascending, and the offset just after each. */
interface ContainerIndex {
  readonly opens: Int32Array;
  readonly ends: Int32Array;
}

const SPACE = 32;
const RETURN = 13;

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

/**
 * The index of a pretty-printed container, read a line at a time: a line that ends with a bracket opens a container,
 * a line holding only a closing bracket (at the indent of the line that opened it) closes one. Undefined when the
 * text is not laid out that way; the caller reads it character by character then.
 */
function indexPrettyContainers(text: string, at: number): ContainerIndex | undefined {
  let nl = text.indexOf('\n', at);
  if (nl < 0 || !spacesBetween(text, at + 1, text.charCodeAt(nl - 1) === RETURN ? nl - 1 : nl)) return undefined;
  const opens: number[] = [at];
  const ends: number[] = [0];
  // Per open container: its index in opens, and the indent of the line it opened on.
  const open: number[] = [0];
  const indents: number[] = [indentOf(text, text.lastIndexOf('\n', at) + 1)];
  while (nl >= 0) {
    const lineStart = nl + 1;
    nl = text.indexOf('\n', lineStart);
    let last = (nl < 0 ? text.length : nl) - 1;
    if (text.charCodeAt(last) === RETURN) last--;
    let c = text.charCodeAt(last);
    if (c === COMMA) c = text.charCodeAt(--last);
    const before = last === lineStart ? SPACE : text.charCodeAt(last - 1);
    if (isOpen(c) && (before === SPACE || before === COLON)) {
      open.push(opens.length);
      indents.push(indentOf(text, lineStart));
      opens.push(last);
      ends.push(0);
    } else if ((c === RBRACE || c === RBRACKET) && before === SPACE) {
      const k = open.pop();
      const indent = indents.pop();
      if (k === undefined || indent !== last - lineStart || !spacesBetween(text, lineStart, last)) return undefined;
      if (text.charCodeAt(opens[k] ?? 0) !== (c === RBRACE ? LBRACE : LBRACKET)) return undefined;
      ends[k] = last + 1;
      if (open.length === 0) return { opens: Int32Array.from(opens), ends: Int32Array.from(ends) };
    }
  }
  return undefined;
}

/**
 * Records the end of every container within the one at `at`, in one pass: a finding's descent then skips each
 * member by a lookup instead of rescanning the subtree below every level it passes.
 */
function indexContainers(text: string, at: number): ContainerIndex {
  const pretty = indexPrettyContainers(text, at);
  if (pretty) return pretty;
  const opens: number[] = [];
  const ends: number[] = [];
  const open: number[] = [];
  for (let j = at; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === QUOTE) j = stringEnd(text, j);
    else if (isOpen(ch)) {
      open.push(opens.length);
      opens.push(j);
      ends.push(0);
    } else if (ch === RBRACE || ch === RBRACKET) {
      const k = open.pop();
      if (k === undefined) throw NOT_JSON;
      ends[k] = j + 1;
      if (open.length === 0) return { opens: Int32Array.from(opens), ends: Int32Array.from(ends) };
    }
  }
  throw NOT_JSON;
}

/** The end of the container opening at `i`, if the index holds it. */
function indexedEnd(index: ContainerIndex, i: number): number | undefined {
  let lo = 0;
  let hi = index.opens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.opens[mid] ?? 0) < i) lo = mid + 1;
    else hi = mid;
  }
  return index.opens[lo] === i ? index.ends[lo] : undefined;
}

/** Offset just after the value that starts at `i`. */
export function valueEnd(text: string, i: number, index?: ContainerIndex): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i) + 1;
  if (c === LBRACE || c === LBRACKET) {
    const known = index && indexedEnd(index, i);
    if (known !== undefined) return known;
    const pretty = prettyEnd(text, i, c === LBRACE ? RBRACE : RBRACKET);
    if (pretty !== undefined) return pretty;
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const ch = text.charCodeAt(j);
      if (ch === QUOTE) j = stringEnd(text, j);
      else if (ch === LBRACE || ch === LBRACKET) depth++;
      else if ((ch === RBRACE || ch === RBRACKET) && --depth === 0) return j + 1;
    }
    throw NOT_JSON;
  }
  let j = i;
  for (; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === COMMA || ch === RBRACE || ch === RBRACKET || ch === 32 || ch === 10 || ch === 13 || ch === 9) break;
  }
  if (j === i) throw NOT_JSON;
  return j;
}

/** The members or elements of the object or array at `at`; an empty list for a scalar. */
export function entriesAt(text: string, at: number, index?: ContainerIndex): JsonEntry[] {
  const open = text.charCodeAt(at);
  if (open !== LBRACE && open !== LBRACKET) return [];
  const close = open === LBRACE ? RBRACE : RBRACKET;
  const out: JsonEntry[] = [];
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === close) return out;
  for (;;) {
    let key: string | undefined;
    const keyAt = i;
    if (open === LBRACE) {
      if (text.charCodeAt(i) !== QUOTE) throw NOT_JSON;
      const ke = stringEnd(text, i);
      const raw = text.slice(i + 1, ke);
      key = raw.includes('\\') ? (JSON.parse(text.slice(i, ke + 1)) as string) : raw;
      i = skipSpace(text, ke + 1);
      if (text.charCodeAt(i) !== COLON) throw NOT_JSON;
      i = skipSpace(text, i + 1);
    }
    const end = valueEnd(text, i, index);
    out.push({ key, keyAt, valueAt: i, valueEnd: end });
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === close) return out;
    if (c !== COMMA) throw NOT_JSON;
    i = skipSpace(text, i + 1);
  }
}

/** Offset of the value of the first member `key` of the object at `at`, skipping only the members before it. */
function memberValue(text: string, at: number, key: string): number | undefined {
  if (text.charCodeAt(at) !== LBRACE) return undefined;
  let i = skipSpace(text, at + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const ke = stringEnd(text, i);
    const raw = text.slice(i + 1, ke);
    const k = raw.includes('\\') ? (JSON.parse(text.slice(i, ke + 1)) as string) : raw;
    i = skipSpace(text, ke + 1);
    if (text.charCodeAt(i) !== COLON) throw NOT_JSON;
    i = skipSpace(text, i + 1);
    if (k === key) return i;
    i = skipSpace(text, valueEnd(text, i));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** The entry `seg` names among `entries`: the first member with that key, or the element at that index. */
function pick(entries: readonly JsonEntry[], seg: string, isObject: boolean): JsonEntry | undefined {
  return isObject ? entries.find((e) => e.key === seg) : entries[Number(seg)];
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

/** Containers whose entries are kept: the findings on one resource come one after another. */
const KEPT = 64;

/** A locator over one JSON text; throws NOT_JSON (from any call) when the text is not plain JSON. */
export function jsonLocator(text: string): JsonLocator {
  const root = skipSpace(text, 0);
  const kept = new Map<number, JsonEntry[]>();
  // One index per value a descent starts from (a List item, or the root), made on its first finding and kept:
  // findings come in rule order, so one item's findings are not all together.
  const indexes = new Map<number, ContainerIndex>();
  const entries = (at: number, index: ContainerIndex | undefined): JsonEntry[] => {
    let got = kept.get(at);
    if (!got) {
      if (kept.size >= KEPT) kept.clear();
      kept.set(at, (got = entriesAt(text, at, index)));
    }
    return got;
  };
  const indexOf = (at: number): ContainerIndex | undefined => {
    const c = text.charCodeAt(at);
    if (c !== LBRACE && c !== LBRACKET) return undefined;
    let index = indexes.get(at);
    if (!index) indexes.set(at, (index = indexContainers(text, at)));
    return index;
  };
  let items: JsonEntry[] | undefined | null = null;
  let newlines: Uint32Array | undefined;
  let lineCount = 0;
  const lineIndex = (): Uint32Array => {
    if (newlines) return newlines;
    let buf = new Uint32Array(1024);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (lineCount === buf.length) {
        const grown = new Uint32Array(buf.length * 2);
        grown.set(buf);
        buf = grown;
      }
      buf[lineCount++] = i;
    }
    return (newlines = buf);
  };
  return {
    root,
    offsetOf(from, segments) {
      const index = indexOf(from);
      let at = from;
      let offset = from;
      for (const seg of segments) {
        const c = text.charCodeAt(at);
        if (c !== LBRACE && c !== LBRACKET) break;
        const e = pick(entries(at, index), seg, c === LBRACE);
        if (!e) break;
        offset = e.keyAt;
        at = e.valueAt;
      }
      return offset;
    },
    items() {
      if (items === null) {
        const list = memberValue(text, root, 'items');
        items = list !== undefined && text.charCodeAt(list) === LBRACKET ? entriesAt(text, list) : undefined;
      }
      return items;
    },
    position(offset) {
      const nl = lineIndex();
      // Newlines before the offset, by binary search.
      let lo = 0;
      let hi = lineCount;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((nl[mid] ?? 0) < offset) lo = mid + 1;
        else hi = mid;
      }
      const prev = lo > 0 ? (nl[lo - 1] ?? -1) : -1;
      return { line: lo + 1, column: offset - prev };
    },
  };
}
