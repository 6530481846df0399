/**
 * A fast reader for the block-style YAML that kubectl, Helm and Kustomize print: block mappings and sequences,
 * plain and one-line quoted scalars, literal and folded block scalars, and one-line flow sequences and mappings of
 * scalars. Anything else (anchors, tags, multi-line plain or quoted scalars, nested flow collections, tabs, CR line ends, errors)
 * makes it give up and return undefined, and js-yaml reads the document instead. What it returns is what js-yaml
 * returns for the same text: the tests compare the two on every document of the corpus.
 */
import type { JsonObject, JsonValue } from '../core/resource.js';
import type { ImplicitType } from './yaml-line-reader.js';
import { cannotStartPlain, LineReader, mayBeTyped } from './yaml-line-reader.js';
import { COLON, DASH, DIGIT_0, DIGIT_1, DIGIT_9, DQUOTE, GREATER_THAN, HASH, lineEnd, LF, OPEN_BRACE, OPEN_BRACKET, PIPE, PLUS, QUOTE, SPACE, TAB, UNSUPPORTED } from './yaml-chars.js';

export type { ImplicitType } from './yaml-line-reader.js';

/** Characters js-yaml refuses in a stream, and CR and BOM, which are left to it. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL = /[\x00-\x08\x0B-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** Every character UNUSUAL can match, and a few more: one character class, so it clears a clean document faster. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MAYBE_UNUSUAL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
/** js-yaml refuses deeper nesting than 100; well before that this reader lets it say so. */
const MAX_DEPTH = 64;

/** Reads the documents of one text, one slice at a time; one reader serves every document of a file. */
class BlockReader extends LineReader {
  /** The value of the document in text[start, end); throws UNSUPPORTED outside the subset. */
  read(start: number, end: number): JsonValue {
    const text = this.text;
    this.end = end;
    this.depth = 0;
    this.lineStart = start;
    this.eol = lineEnd(text, start, end);
    // The slice may begin right after a `---` marker: anything on the rest of that line is left to js-yaml.
    const rest = this.skipSpaces(start);
    const marker = start > 0 && text.charCodeAt(start - 1) !== LF;
    if (rest < this.eol && text.charCodeAt(rest) !== HASH) {
      if (marker) throw UNSUPPORTED;
      this.setLine(start);
    } else {
      this.nextLine(this.eol + 1);
    }
    if (this.indent < 0) throw UNSUPPORTED;
    const value = this.node(this.indent);
    if (this.indent >= 0) throw UNSUPPORTED;
    return value;
  }

  /** The collection that starts at the current line. */
  private node(indent: number): JsonValue {
    return this.isSeqItem(this.at) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): JsonObject {
    if (++this.depth > MAX_DEPTH) throw UNSUPPORTED;
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
        if (text.charCodeAt(colon) !== COLON) throw UNSUPPORTED;
      } else {
        colon = this.keyColon(c);
        key = this.plainKey(c, colon);
      }
      const next = colon + 1;
      if (next < this.eol && text.charCodeAt(next) !== SPACE) throw UNSUPPORTED;
      // Duplicate keys are left to js-yaml; an object's first key cannot be one.
      if (key === '__proto__' || key === '<<' || (keys++ > 0 && Object.hasOwn(obj, key))) throw UNSUPPORTED;
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
      if (this.indent > indent || this.isSeqItem(this.at)) throw UNSUPPORTED;
    }
  }

  private sequence(indent: number): JsonValue[] {
    if (++this.depth > MAX_DEPTH) throw UNSUPPORTED;
    const text = this.text;
    const arr: JsonValue[] = [];
    for (;;) {
      const v = this.skipSpaces(this.at + 1);
      if (v >= this.eol || text.charCodeAt(v) === HASH) {
        this.nextLine(this.eol + 1);
        // js-yaml takes a less indented `-` after an empty item as the next item of this sequence; leave that to it.
        if (this.indent >= 0 && this.indent < indent && this.isSeqItem(this.at)) throw UNSUPPORTED;
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
      if (this.indent > indent) throw UNSUPPORTED;
    }
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
        if (n === TAB) throw UNSUPPORTED;
      } else if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        return false;
      } else if (ch === TAB) {
        throw UNSUPPORTED;
      }
    }
    return false;
  }

  private keyColon(c: number): number {
    const text = this.text;
    const first = text.charCodeAt(c);
    if (cannotStartPlain(first) || this.isIndicatorAt(c)) throw UNSUPPORTED;
    for (let i = c; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 >= this.eol || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (ch === TAB || (ch === HASH && text.charCodeAt(i - 1) === SPACE)) {
        throw UNSUPPORTED;
      }
    }
    throw UNSUPPORTED;
  }

  private plainKey(c: number, colon: number): string {
    if (colon === c || this.text.charCodeAt(colon - 1) === SPACE) throw UNSUPPORTED;
    const raw = this.text.slice(c, colon);
    return mayBeTyped(raw) ? String(this.resolve(raw)) : raw;
  }

  /** A value that starts on the key's or dash's line at `v`; leaves the next line current. */
  private inline(v: number, parent: number): JsonValue {
    const text = this.text;
    const ch = text.charCodeAt(v);
    let value: JsonValue;
    let after: number;
    if (ch === PIPE || ch === GREATER_THAN) return this.blockScalar(v, parent);
    if (ch === QUOTE) {
      const close = this.singleQuotedEnd(v);
      value = this.shared(this.singleQuoted(v, close));
      after = close + 1;
    } else if (ch === DQUOTE) {
      const close = this.doubleQuotedEnd(v);
      value = this.shared(this.doubleQuoted(v, close));
      after = close + 1;
    } else if (ch === OPEN_BRACKET) {
      const r = this.flowSequence(v);
      value = r.value;
      after = r.after;
    } else if (ch === OPEN_BRACE) {
      const r = this.flowMapping(v);
      value = r.value;
      after = r.after;
    } else {
      if (cannotStartPlain(ch) || this.isIndicatorAt(v)) throw UNSUPPORTED;
      let last = v;
      let i = v;
      for (; i < this.eol; i++) {
        const c = text.charCodeAt(i);
        if (c === SPACE) continue;
        if (c === TAB) throw UNSUPPORTED;
        if (c === HASH && text.charCodeAt(i - 1) === SPACE) break;
        if (c === COLON && (i + 1 >= this.eol || text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === TAB)) throw UNSUPPORTED;
        last = i;
      }
      const raw = text.slice(v, last + 1);
      value = mayBeTyped(raw) ? this.resolve(raw) : this.shared(raw);
      this.nextLine(this.eol + 1);
      return value;
    }
    const rest = this.skipSpaces(after);
    if (rest < this.eol && (text.charCodeAt(rest) !== HASH || rest === after)) throw UNSUPPORTED;
    this.nextLine(this.eol + 1);
    return value;
  }

  /** A literal or folded block scalar, following js-yaml's readBlockScalar line by line. */
  private blockScalar(v: number, parent: number): string {
    const text = this.text;
    const folding = text.charCodeAt(v) === GREATER_THAN;
    let chomping = 0; // 0 clip, 1 strip, 2 keep
    let textIndent = parent + 1;
    let detected = false;
    let i = v + 1;
    for (; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if ((ch === PLUS || ch === DASH) && chomping === 0) chomping = ch === PLUS ? 2 : 1;
      else if (ch >= DIGIT_1 && ch <= DIGIT_9 && !detected) {
        textIndent = parent + (ch - DIGIT_0);
        detected = true;
      } else break;
    }
    if (i < this.eol) {
      if (text.charCodeAt(i) !== SPACE) throw UNSUPPORTED;
      const rest = this.skipSpaces(i);
      if (rest < this.eol && text.charCodeAt(rest) !== HASH) throw UNSUPPORTED;
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
      const nl = lineEnd(text, q, this.end);
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
      if (e === UNSUPPORTED) return undefined;
      throw e;
    }
  };
}

/** The value of the one YAML document in `text[start, end)`, or undefined when js-yaml must read it. */
export function readBlockYaml(text: string, start: number, end: number, implicit: readonly ImplicitType[]): JsonValue | undefined {
  return blockYamlReader(text, implicit)(start, end);
}
