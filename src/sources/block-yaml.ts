/**
 * A fast reader for the block-style YAML that kubectl, Helm and Kustomize print: block mappings and sequences,
 * plain and one-line quoted scalars, literal and folded block scalars, and one-line flow sequences and mappings of
 * scalars. Anything else (anchors, tags, multi-line plain or quoted scalars, nested flow collections, tabs, CR line ends, errors)
 * makes it give up and return undefined, and js-yaml reads the document instead. What it returns is what js-yaml
 * returns for the same text: the tests compare the two on every document of the corpus.
 */
import type { JsonObject, JsonValue } from '../core/resource.js';

/** One of js-yaml's implicit scalar types, as its schema compiles them. */
export interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** Characters js-yaml refuses in a stream, and CR and BOM, which are left to it. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL = /[\x00-\x08\x0B-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** Every character UNUSUAL can match, and a few more: one character class, so it clears a clean document faster. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MAYBE_UNUSUAL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
/** js-yaml refuses deeper nesting than 100; well before that this reader lets it say so. */
const MAX_DEPTH = 64;
const GIVE_UP = Symbol('give up');
/** Scalars up to this length are shared through the reader's table; longer ones are rarely repeated. */
const SHARED_MAX = 64;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const QUOTE = 39;
const DQUOTE = 34;

/** Whether a plain scalar can be anything but a string under the core schema (or a merge key). */
function mayBeTyped(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // digits, + - . ~ < : numbers, `~` and `<<`
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || c === 60) return true;
  // null, true and false in their three spellings are 4 or 5 letters long; `name` and `namespace` need no resolving.
  return (c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) && (raw.length === 4 || raw.length === 5);
}

/** Characters that cannot start a plain scalar (js-yaml's readPlainScalar), besides whitespace. */
function cannotStartPlain(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH || c === 38 || c === 42 || c === 33 ||
    c === 124 || c === 62 || c === QUOTE || c === DQUOTE || c === 37 || c === 64 || c === 96;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Reads the documents of one text, one slice at a time; one reader serves every document of a file. */
class BlockReader {
  /** Start of the current line's content, its column, and the end of the line. */
  private at = 0;
  private indent = -1;
  private eol = 0;
  private lineStart = 0;
  private depth = 0;
  /** End of the document being read. */
  private end = 0;

  constructor(private readonly text: string, private readonly implicit: readonly ImplicitType[], private readonly strings: Map<string, string>) {}

  /** The value of the document in text[start, end); throws GIVE_UP outside the subset. */
  read(start: number, end: number): JsonValue {
    const text = this.text;
    this.end = end;
    this.depth = 0;
    this.lineStart = start;
    this.eol = this.lineEnd(start);
    // The slice may begin right after a `---` marker: anything on the rest of that line is left to js-yaml.
    const rest = this.skipSpaces(start);
    const marker = start > 0 && text.charCodeAt(start - 1) !== LF;
    if (rest < this.eol && text.charCodeAt(rest) !== HASH) {
      if (marker) throw GIVE_UP;
      this.setLine(start);
    } else {
      this.nextLine(this.eol + 1);
    }
    if (this.indent < 0) throw GIVE_UP;
    const value = this.node(this.indent);
    if (this.indent >= 0) throw GIVE_UP;
    return value;
  }

  private lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 || nl > this.end ? this.end : nl;
  }

  private skipSpaces(i: number): number {
    while (i < this.eol && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Makes the line starting at `from` current, if it has content; the caller knows it does. */
  private setLine(from: number): void {
    const c = this.skipSpaces(from);
    if (this.text.charCodeAt(c) === TAB || (c === from && this.isMarkerLike(c))) throw GIVE_UP;
    this.lineStart = from;
    this.at = c;
    this.indent = c - from;
  }

  /** Moves to the next line with content at or after `from`; indent -1 at the end of the document. */
  private nextLine(from: number): void {
    const text = this.text;
    while (from < this.end) {
      this.eol = this.lineEnd(from);
      let c = from;
      while (c < this.eol && text.charCodeAt(c) === SPACE) c++;
      const ch = text.charCodeAt(c);
      if (c < this.eol && ch !== HASH) {
        if (ch === TAB || (c === from && this.isMarkerLike(c))) throw GIVE_UP;
        this.lineStart = from;
        this.at = c;
        this.indent = c - from;
        return;
      }
      if (ch === TAB) throw GIVE_UP;
      from = this.eol + 1;
    }
    this.indent = -1;
    this.at = this.end;
    this.eol = this.end;
  }

  /** `---` or `...` at the start of a line: a document marker, or close enough that js-yaml should judge it. */
  private isMarkerLike(c: number): boolean {
    const text = this.text;
    const ch = text.charCodeAt(c);
    return (ch === DASH || ch === 46) && text.charCodeAt(c + 1) === ch && text.charCodeAt(c + 2) === ch;
  }

  private isSeqItem(c: number): boolean {
    if (this.text.charCodeAt(c) !== DASH) return false;
    const n = c + 1;
    if (n >= this.eol) return true;
    const ch = this.text.charCodeAt(n);
    if (ch === TAB) throw GIVE_UP;
    return ch === SPACE;
  }

  /** The collection that starts at the current line. */
  private node(indent: number): JsonValue {
    return this.isSeqItem(this.at) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): JsonObject {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    const obj: JsonObject = {};
    let keys = 0;
    for (;;) {
      const c = this.at;
      let key: string;
      let colon: number;
      const first = text.charCodeAt(c);
      if (first === QUOTE || first === DQUOTE) {
        const close = first === QUOTE ? this.singleQuotedEnd(c) : this.doubleQuotedEnd(c);
        key = first === QUOTE ? this.singleQuoted(c, close) : this.doubleQuoted(c, close);
        colon = close + 1;
        if (text.charCodeAt(colon) !== COLON) throw GIVE_UP;
      } else {
        colon = this.keyColon(c);
        key = this.plainKey(c, colon);
      }
      const next = colon + 1;
      if (next < this.eol && text.charCodeAt(next) !== SPACE) throw GIVE_UP;
      // Duplicate keys are left to js-yaml; an object's first key cannot be one.
      if (key === '__proto__' || key === '<<' || (keys++ > 0 && Object.hasOwn(obj, key))) throw GIVE_UP;
      const v = this.skipSpaces(next);
      let value: JsonValue;
      if (v >= this.eol || text.charCodeAt(v) === HASH) {
        this.nextLine(this.eol + 1);
        if (this.indent > indent) value = this.node(this.indent);
        else if (this.indent === indent && this.isSeqItem(this.at)) value = this.sequence(indent);
        else value = null;
      } else {
        value = this.inline(v, indent);
      }
      obj[key] = value;
      if (this.indent < indent) {
        this.depth--;
        return obj;
      }
      if (this.indent > indent || this.isSeqItem(this.at)) throw GIVE_UP;
    }
  }

  private sequence(indent: number): JsonValue[] {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    const arr: JsonValue[] = [];
    for (;;) {
      const v = this.skipSpaces(this.at + 1);
      if (v >= this.eol || text.charCodeAt(v) === HASH) {
        this.nextLine(this.eol + 1);
        // js-yaml takes a less indented `-` after an empty item as the next item of this sequence; leave that to it.
        if (this.indent >= 0 && this.indent < indent && this.isSeqItem(this.at)) throw GIVE_UP;
        arr.push(this.indent > indent ? this.node(this.indent) : null);
      } else {
        // The item's content starts a line of its own at its column.
        this.at = v;
        const column = v - this.lineStart;
        this.indent = column;
        const ch = text.charCodeAt(v);
        if (this.isSeqItem(v)) arr.push(this.sequence(column));
        else if ((ch !== QUOTE && ch !== DQUOTE && this.hasKey(v)) || this.quotedKey(v)) arr.push(this.mapping(column));
        else arr.push(this.inline(v, indent));
      }
      // push() leaves room for 16 more items; a copy of exactly this length keeps the tree small for the GC.
      if (this.indent < indent || (this.indent === indent && !this.isSeqItem(this.at))) {
        this.depth--;
        return arr.slice();
      }
      if (this.indent > indent) throw GIVE_UP;
    }
  }

  /** One copy of each repeated short scalar: a manifest repeats "TCP", label values and names many times over. */
  private shared(s: string): string {
    if (s.length > SHARED_MAX) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** Whether a quoted scalar at `c` is a mapping key (followed by `:`). */
  private quotedKey(c: number): boolean {
    const ch = this.text.charCodeAt(c);
    if (ch !== QUOTE && ch !== DQUOTE) return false;
    const close = ch === QUOTE ? this.singleQuotedEnd(c) : this.doubleQuotedEnd(c);
    return this.text.charCodeAt(close + 1) === COLON;
  }

  /** Whether the plain text at `c` is a mapping key: a `:` followed by a space or the line end, before any comment. */
  private hasKey(c: number): boolean {
    const text = this.text;
    for (let i = c; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 >= this.eol) return true;
        const n = text.charCodeAt(i + 1);
        if (n === SPACE) return true;
        if (n === TAB) throw GIVE_UP;
      } else if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        return false;
      } else if (ch === TAB) {
        throw GIVE_UP;
      }
    }
    return false;
  }

  private keyColon(c: number): number {
    const text = this.text;
    const first = text.charCodeAt(c);
    if (cannotStartPlain(first) || ((first === DASH || first === 63 || first === COLON) && (c + 1 >= this.eol || text.charCodeAt(c + 1) === SPACE))) throw GIVE_UP;
    for (let i = c; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 >= this.eol || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (ch === TAB || (ch === HASH && text.charCodeAt(i - 1) === SPACE)) {
        throw GIVE_UP;
      }
    }
    throw GIVE_UP;
  }

  private plainKey(c: number, colon: number): string {
    if (colon === c || this.text.charCodeAt(colon - 1) === SPACE) throw GIVE_UP;
    const raw = this.text.slice(c, colon);
    return mayBeTyped(raw) ? String(this.resolve(raw)) : raw;
  }

  private resolve(raw: string): JsonValue {
    // Ports and replica counts: under the core schema a short decimal (no sign, underscore or leading zero) is an int.
    if (isShortDecimal(raw)) return Number(raw);
    for (const type of this.implicit) {
      if (type.resolve(raw)) return type.construct(raw) as JsonValue;
    }
    return raw;
  }

  /** A value that starts on the key's or dash's line at `v`; leaves the next line current. */
  private inline(v: number, parent: number): JsonValue {
    const text = this.text;
    const ch = text.charCodeAt(v);
    let value: JsonValue;
    let after: number;
    if (ch === 124 || ch === 62) return this.blockScalar(v, parent);
    if (ch === QUOTE) {
      const close = this.singleQuotedEnd(v);
      value = this.shared(this.singleQuoted(v, close));
      after = close + 1;
    } else if (ch === DQUOTE) {
      const close = this.doubleQuotedEnd(v);
      value = this.shared(this.doubleQuoted(v, close));
      after = close + 1;
    } else if (ch === 91) {
      const r = this.flowSequence(v);
      value = r.value;
      after = r.after;
    } else if (ch === 123) {
      const r = this.flowMapping(v);
      value = r.value;
      after = r.after;
    } else {
      if (cannotStartPlain(ch) || ((ch === DASH || ch === 63 || ch === COLON) && (v + 1 >= this.eol || text.charCodeAt(v + 1) === SPACE))) throw GIVE_UP;
      let last = v;
      let i = v;
      for (; i < this.eol; i++) {
        const c = text.charCodeAt(i);
        if (c === SPACE) continue;
        if (c === TAB) throw GIVE_UP;
        if (c === HASH && text.charCodeAt(i - 1) === SPACE) break;
        if (c === COLON && (i + 1 >= this.eol || text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === TAB)) throw GIVE_UP;
        last = i;
      }
      const raw = text.slice(v, last + 1);
      value = mayBeTyped(raw) ? this.resolve(raw) : this.shared(raw);
      this.nextLine(this.eol + 1);
      return value;
    }
    const rest = this.skipSpaces(after);
    if (rest < this.eol && (text.charCodeAt(rest) !== HASH || rest === after)) throw GIVE_UP;
    this.nextLine(this.eol + 1);
    return value;
  }

  private singleQuotedEnd(c: number): number {
    const text = this.text;
    let i = c + 1;
    for (;;) {
      const q = text.indexOf("'", i);
      if (q < 0 || q >= this.eol) throw GIVE_UP;
      if (text.charCodeAt(q + 1) !== QUOTE) return q;
      i = q + 2;
    }
  }

  private singleQuoted(c: number, close: number): string {
    const raw = this.text.slice(c + 1, close);
    return raw.includes("'") ? raw.replaceAll("''", "'") : raw;
  }

  private doubleQuotedEnd(c: number): number {
    const text = this.text;
    for (let i = c + 1; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 92) i++;
      else if (ch === DQUOTE) return i;
    }
    throw GIVE_UP;
  }

  private doubleQuoted(c: number, close: number): string {
    const text = this.text;
    const raw = text.slice(c + 1, close);
    if (!raw.includes('\\')) return raw;
    // JSON's escapes mean the same in YAML; any other escape (or a raw tab) is left to js-yaml.
    try {
      return JSON.parse(text.slice(c, close + 1)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /** A one-line flow sequence of scalars, as `verbs: ["get", "list"]`. */
  private flowSequence(v: number): { value: JsonValue[]; after: number } {
    const text = this.text;
    const out: JsonValue[] = [];
    let i = this.skipSpaces(v + 1);
    if (text.charCodeAt(i) === 93) return { value: out, after: i + 1 };
    for (;;) {
      const ch = text.charCodeAt(i);
      let end: number;
      if (ch === QUOTE) {
        end = this.singleQuotedEnd(i);
        out.push(this.shared(this.singleQuoted(i, end)));
        end++;
      } else if (ch === DQUOTE) {
        end = this.doubleQuotedEnd(i);
        out.push(this.shared(this.doubleQuoted(i, end)));
        end++;
      } else {
        if (cannotStartPlain(ch) || ch === 63 || ch === COLON) throw GIVE_UP;
        if (ch === DASH && (i + 1 >= this.eol || text.charCodeAt(i + 1) === SPACE || isFlowIndicator(text.charCodeAt(i + 1)))) throw GIVE_UP;
        let last = i;
        end = i;
        for (; end < this.eol; end++) {
          const c = text.charCodeAt(end);
          if (c === SPACE) continue;
          if (c === TAB || c === COLON || c === HASH || c === 91 || c === 123 || c === 125) throw GIVE_UP;
          if (c === 44 || c === 93) break;
          last = end;
        }
        const raw = text.slice(i, last + 1);
        out.push(mayBeTyped(raw) ? this.resolve(raw) : this.shared(raw));
      }
      const sep = this.skipSpaces(end);
      const c = text.charCodeAt(sep);
      if (sep >= this.eol) throw GIVE_UP;
      if (c === 93) return { value: out.slice(), after: sep + 1 };
      if (c !== 44) throw GIVE_UP;
      i = this.skipSpaces(sep + 1);
      if (i >= this.eol || isFlowIndicator(text.charCodeAt(i))) throw GIVE_UP;
    }
  }

  /** A scalar inside a one-line flow collection at `i`, up to a `,` or the collection's end; `key` stops it at `: `. */
  private flowScalar(i: number, key: boolean): { value: JsonValue; end: number } {
    const text = this.text;
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = this.singleQuotedEnd(i);
      return { value: this.shared(this.singleQuoted(i, end)), end: end + 1 };
    }
    if (ch === DQUOTE) {
      const end = this.doubleQuotedEnd(i);
      return { value: this.shared(this.doubleQuoted(i, end)), end: end + 1 };
    }
    if (cannotStartPlain(ch) || ch === 63 || ch === COLON) throw GIVE_UP;
    if (ch === DASH && (i + 1 >= this.eol || text.charCodeAt(i + 1) === SPACE || isFlowIndicator(text.charCodeAt(i + 1)))) throw GIVE_UP;
    let last = i;
    let end = i;
    for (; end < this.eol; end++) {
      const c = text.charCodeAt(end);
      if (c === SPACE) continue;
      if (c === COLON && key && text.charCodeAt(end + 1) === SPACE) break;
      if (c === TAB || c === COLON || c === HASH || c === 91 || c === 123 || c === 125 || c === 93) {
        if (!key && (c === 125 || c === 93)) break;
        throw GIVE_UP;
      }
      if (c === 44) {
        if (key) throw GIVE_UP;
        break;
      }
      last = end;
    }
    const raw = text.slice(i, last + 1);
    if (key) return { value: mayBeTyped(raw) ? String(this.resolve(raw)) : raw, end };
    return { value: mayBeTyped(raw) ? this.resolve(raw) : this.shared(raw), end };
  }

  /** A one-line flow mapping of scalars, as `labels: {app: web, tier: data}`. */
  private flowMapping(v: number): { value: JsonObject; after: number } {
    const text = this.text;
    const out: JsonObject = {};
    let i = this.skipSpaces(v + 1);
    if (text.charCodeAt(i) === 125) return { value: out, after: i + 1 };
    let keys = 0;
    for (;;) {
      if (i >= this.eol) throw GIVE_UP;
      const k = this.flowScalar(i, true);
      const key = k.value as string;
      // A quoted key ends at its quote: the `: ` must follow it directly.
      if (text.charCodeAt(k.end) !== COLON || text.charCodeAt(k.end + 1) !== SPACE) throw GIVE_UP;
      if (key === '__proto__' || key === '<<' || (keys++ > 0 && Object.hasOwn(out, key))) throw GIVE_UP;
      i = this.skipSpaces(k.end + 1);
      if (i >= this.eol || isFlowIndicator(text.charCodeAt(i))) throw GIVE_UP;
      const val = this.flowScalar(i, false);
      out[key] = val.value;
      const sep = this.skipSpaces(val.end);
      const c = text.charCodeAt(sep);
      if (sep >= this.eol) throw GIVE_UP;
      if (c === 125) return { value: out, after: sep + 1 };
      if (c !== 44) throw GIVE_UP;
      i = this.skipSpaces(sep + 1);
      if (i >= this.eol || isFlowIndicator(text.charCodeAt(i))) throw GIVE_UP;
    }
  }

  /** A literal or folded block scalar, following js-yaml's readBlockScalar line by line. */
  private blockScalar(v: number, parent: number): string {
    const text = this.text;
    const folding = text.charCodeAt(v) === 62;
    let chomping = 0; // 0 clip, 1 strip, 2 keep
    let textIndent = parent + 1;
    let detected = false;
    let i = v + 1;
    for (; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if ((ch === 43 || ch === DASH) && chomping === 0) chomping = ch === 43 ? 2 : 1;
      else if (ch >= 49 && ch <= 57 && !detected) {
        textIndent = parent + (ch - 48);
        detected = true;
      } else break;
    }
    if (i < this.eol) {
      if (text.charCodeAt(i) !== SPACE) throw GIVE_UP;
      const rest = this.skipSpaces(i);
      if (rest < this.eol && text.charCodeAt(rest) !== HASH) throw GIVE_UP;
    }
    let result = '';
    let didRead = false;
    let emptyLines = 0;
    let moreIndented = false;
    let lines = 0;
    let first = 0;
    let firstEnd = 0;
    let pos = this.eol + 1;
    let endedAt = this.end;
    while (pos < this.end) {
      let lineIndent = 0;
      while ((!detected || lineIndent < textIndent) && text.charCodeAt(pos + lineIndent) === SPACE && pos + lineIndent < this.end) lineIndent++;
      const q = pos + lineIndent;
      if (!detected && lineIndent > textIndent) textIndent = lineIndent;
      if (q >= this.end || text.charCodeAt(q) === LF) {
        emptyLines++;
        pos = q + 1;
        continue;
      }
      if (lineIndent < textIndent) {
        endedAt = pos;
        break;
      }
      const ch = text.charCodeAt(q);
      if (folding) {
        if (ch === SPACE || ch === TAB) {
          moreIndented = true;
          result += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
        } else if (moreIndented) {
          moreIndented = false;
          result += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didRead) result += ' ';
        } else {
          result += '\n'.repeat(emptyLines);
        }
      } else {
        result += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
      }
      didRead = true;
      detected = true;
      emptyLines = 0;
      const nl = this.lineEnd(q);
      result += text.slice(q, nl);
      if (lines++ === 0) {
        first = q;
        firstEnd = nl;
      }
      pos = nl + 1;
    }
    this.nextLine(endedAt);
    // One line, kept as a slice of the text rather than a copy (kubectl's last-applied annotation is such a line).
    if (lines === 1 && chomping !== 2 && result.length === firstEnd - first && firstEnd < this.end) {
      return chomping === 0 ? text.slice(first, firstEnd + 1) : text.slice(first, firstEnd);
    }
    if (chomping === 2) result += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
    else if (chomping === 0 && didRead) result += '\n';
    return result;
  }
}

function isShortDecimal(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || n > 15 || (n > 1 && raw.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Reads documents of one text: the value of text[start, end), or undefined when js-yaml must read it. */
export type BlockYamlReader = (start: number, end: number) => JsonValue | undefined;

/**
 * A reader for the YAML documents of `text`. Each call gives the value of one document, or undefined when the
 * document is not in the subset this reader knows (js-yaml then reads it, and reports any error with its position).
 * The documents of one reader share one copy of each repeated scalar.
 */
export function blockYamlReader(text: string, implicit: readonly ImplicitType[]): BlockYamlReader {
  const reader = new BlockReader(text, implicit, new Map());
  return (start, end) => {
    const body = text.slice(start, end);
    if (MAYBE_UNUSUAL.test(body) && UNUSUAL.test(body)) return undefined;
    try {
      return reader.read(start, end);
    } catch (e) {
      if (e === GIVE_UP) return undefined;
      throw e;
    }
  };
}

/** The value of the one YAML document in `text[start, end)`, or undefined when js-yaml must read it. */
export function readBlockYaml(text: string, start: number, end: number, implicit: readonly ImplicitType[]): JsonValue | undefined {
  return blockYamlReader(text, implicit)(start, end);
}
