/**
 * The line cursor and the scalar readers under block-yaml.ts's BlockReader: moving from line to line, quoted and
 * plain scalars resolved as js-yaml's core schema does, and one-line flow collections of scalars. Outside the
 * subset it throws UNSUPPORTED, which the reader's entry point turns into "let js-yaml read it".
 */
import type { JsonObject, JsonValue } from '../core/resource.js';
import {
  AMPERSAND, AT, BACKSLASH, BACKTICK, BANG, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DASH, DOT, DQUOTE, GREATER_THAN, HASH, isDigit,
  isFlowIndicator, LESS_THAN, lineEnd, OPEN_BRACE, OPEN_BRACKET, PERCENT, PIPE, PLUS, QUESTION, QUOTE, shortDecimal, skipSpaces, SPACE, STAR,
  TAB, TILDE, UNSUPPORTED,
} from './yaml-chars.js';

/** One of js-yaml's implicit scalar types, as its schema compiles them. */
export interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** Scalars up to this length are shared through the reader's table; longer ones are rarely repeated. */
const SHARED_MAX = 64;
const LOWER_N = 110;
const UPPER_N = 78;
const LOWER_T = 116;
const UPPER_T = 84;
const LOWER_F = 102;
const UPPER_F = 70;

/** Whether a plain scalar can be anything but a string under the core schema (or a merge key). */
export function mayBeTyped(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // numbers, `~` and `<<`
  if (isDigit(c) || c === PLUS || c === DASH || c === DOT || c === TILDE || c === LESS_THAN) return true;
  // null, true and false in their three spellings are 4 or 5 letters long; `name` and `namespace` need no resolving.
  return (c === LOWER_N || c === UPPER_N || c === LOWER_T || c === UPPER_T || c === LOWER_F || c === UPPER_F) && (raw.length === 4 || raw.length === 5);
}

/** Characters that cannot start a plain scalar (js-yaml's readPlainScalar), besides whitespace. */
export function cannotStartPlain(c: number): boolean {
  return isFlowIndicator(c) || c === HASH || c === AMPERSAND || c === STAR || c === BANG || c === PIPE || c === GREATER_THAN ||
    c === QUOTE || c === DQUOTE || c === PERCENT || c === AT || c === BACKTICK;
}

export class LineReader {
  /** Start of the current line's content, its column, the end of the line and the line's first offset. */
  protected at = 0;
  protected indent = -1;
  protected eol = 0;
  protected lineStart = 0;
  protected depth = 0;
  /** End of the document being read. */
  protected end = 0;

  constructor(protected readonly text: string, private readonly implicit: readonly ImplicitType[], private readonly strings: Map<string, string>) {}

  protected skipSpaces(i: number): number {
    return skipSpaces(this.text, i, this.eol);
  }

  /** Makes the line starting at `from` current, if it has content; the caller knows it does. */
  protected setLine(from: number): void {
    const c = this.skipSpaces(from);
    if (this.text.charCodeAt(c) === TAB || (c === from && this.isMarkerLike(c))) throw UNSUPPORTED;
    this.lineStart = from;
    this.at = c;
    this.indent = c - from;
  }

  /** Moves to the next line with content at or after `from`; indent -1 at the end of the document. */
  protected nextLine(from: number): void {
    const text = this.text;
    while (from < this.end) {
      this.eol = lineEnd(text, from, this.end);
      const c = skipSpaces(text, from, this.eol);
      const ch = text.charCodeAt(c);
      if (c < this.eol && ch !== HASH) {
        if (ch === TAB || (c === from && this.isMarkerLike(c))) throw UNSUPPORTED;
        this.lineStart = from;
        this.at = c;
        this.indent = c - from;
        return;
      }
      if (ch === TAB) throw UNSUPPORTED;
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
    return (ch === DASH || ch === DOT) && text.charCodeAt(c + 1) === ch && text.charCodeAt(c + 2) === ch;
  }

  protected isSeqItem(c: number): boolean {
    if (this.text.charCodeAt(c) !== DASH) return false;
    const n = c + 1;
    if (n >= this.eol) return true;
    const ch = this.text.charCodeAt(n);
    if (ch === TAB) throw UNSUPPORTED;
    return ch === SPACE;
  }

  /** `-`, `?` or `:` followed by a space or the line end: an indicator, not the start of a plain scalar. */
  protected isIndicatorAt(c: number): boolean {
    const ch = this.text.charCodeAt(c);
    return (ch === DASH || ch === QUESTION || ch === COLON) && (c + 1 >= this.eol || this.text.charCodeAt(c + 1) === SPACE);
  }

  /** One copy of each repeated short scalar: a manifest repeats "TCP", label values and names many times over. */
  protected shared(s: string): string {
    if (s.length > SHARED_MAX) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  protected resolve(raw: string): JsonValue {
    // Ports and replica counts: under the core schema a short decimal (no sign, underscore or leading zero) is an int.
    const n = shortDecimal(raw);
    if (n >= 0) return n;
    for (const type of this.implicit) {
      if (type.resolve(raw)) return type.construct(raw) as JsonValue;
    }
    return raw;
  }

  protected singleQuotedEnd(c: number): number {
    const text = this.text;
    let i = c + 1;
    for (;;) {
      const q = text.indexOf("'", i);
      if (q < 0 || q >= this.eol) throw UNSUPPORTED;
      if (text.charCodeAt(q + 1) !== QUOTE) return q;
      i = q + 2;
    }
  }

  protected singleQuoted(c: number, close: number): string {
    const raw = this.text.slice(c + 1, close);
    return raw.includes("'") ? raw.replaceAll("''", "'") : raw;
  }

  protected doubleQuotedEnd(c: number): number {
    const text = this.text;
    for (let i = c + 1; i < this.eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === BACKSLASH) i++;
      else if (ch === DQUOTE) return i;
    }
    throw UNSUPPORTED;
  }

  protected doubleQuoted(c: number, close: number): string {
    const text = this.text;
    const raw = text.slice(c + 1, close);
    if (!raw.includes('\\')) return raw;
    // JSON's escapes mean the same in YAML; any other escape (or a raw tab) is left to js-yaml.
    try {
      return JSON.parse(text.slice(c, close + 1)) as string;
    } catch {
      throw UNSUPPORTED;
    }
  }

  /** Whether a plain scalar inside a flow collection cannot start at `i`. */
  private cannotStartFlowPlain(i: number, ch: number): boolean {
    if (cannotStartPlain(ch) || ch === QUESTION || ch === COLON) return true;
    return ch === DASH && (i + 1 >= this.eol || this.text.charCodeAt(i + 1) === SPACE || isFlowIndicator(this.text.charCodeAt(i + 1)));
  }

  /** A one-line flow sequence of scalars, as `verbs: ["get", "list"]`. */
  protected flowSequence(v: number): { value: JsonValue[]; after: number } {
    const text = this.text;
    const out: JsonValue[] = [];
    let i = this.skipSpaces(v + 1);
    if (text.charCodeAt(i) === CLOSE_BRACKET) return { value: out, after: i + 1 };
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
        if (this.cannotStartFlowPlain(i, ch)) throw UNSUPPORTED;
        let last = i;
        end = i;
        for (; end < this.eol; end++) {
          const c = text.charCodeAt(end);
          if (c === SPACE) continue;
          if (c === TAB || c === COLON || c === HASH || c === OPEN_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE) throw UNSUPPORTED;
          if (c === COMMA || c === CLOSE_BRACKET) break;
          last = end;
        }
        const raw = text.slice(i, last + 1);
        out.push(mayBeTyped(raw) ? this.resolve(raw) : this.shared(raw));
      }
      const sep = this.skipSpaces(end);
      const c = text.charCodeAt(sep);
      if (sep >= this.eol) throw UNSUPPORTED;
      if (c === CLOSE_BRACKET) return { value: out.slice(), after: sep + 1 };
      if (c !== COMMA) throw UNSUPPORTED;
      i = this.skipSpaces(sep + 1);
      if (i >= this.eol || isFlowIndicator(text.charCodeAt(i))) throw UNSUPPORTED;
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
    if (this.cannotStartFlowPlain(i, ch)) throw UNSUPPORTED;
    let last = i;
    let end = i;
    for (; end < this.eol; end++) {
      const c = text.charCodeAt(end);
      if (c === SPACE) continue;
      if (c === COLON && key && text.charCodeAt(end + 1) === SPACE) break;
      if (c === TAB || c === COLON || c === HASH || c === OPEN_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (!key && (c === CLOSE_BRACE || c === CLOSE_BRACKET)) break;
        throw UNSUPPORTED;
      }
      if (c === COMMA) {
        if (key) throw UNSUPPORTED;
        break;
      }
      last = end;
    }
    const raw = text.slice(i, last + 1);
    if (key) return { value: mayBeTyped(raw) ? String(this.resolve(raw)) : raw, end };
    return { value: mayBeTyped(raw) ? this.resolve(raw) : this.shared(raw), end };
  }

  /** A one-line flow mapping of scalars, as `labels: {app: web, tier: data}`. */
  protected flowMapping(v: number): { value: JsonObject; after: number } {
    const text = this.text;
    const out: JsonObject = {};
    let i = this.skipSpaces(v + 1);
    if (text.charCodeAt(i) === CLOSE_BRACE) return { value: out, after: i + 1 };
    let keys = 0;
    for (;;) {
      if (i >= this.eol) throw UNSUPPORTED;
      const k = this.flowScalar(i, true);
      const key = k.value as string;
      // A quoted key ends at its quote: the `: ` must follow it directly.
      if (text.charCodeAt(k.end) !== COLON || text.charCodeAt(k.end + 1) !== SPACE) throw UNSUPPORTED;
      if (key === '__proto__' || key === '<<' || (keys++ > 0 && Object.hasOwn(out, key))) throw UNSUPPORTED;
      i = this.skipSpaces(k.end + 1);
      if (i >= this.eol || isFlowIndicator(text.charCodeAt(i))) throw UNSUPPORTED;
      const val = this.flowScalar(i, false);
      out[key] = val.value;
      const sep = this.skipSpaces(val.end);
      const c = text.charCodeAt(sep);
      if (sep >= this.eol) throw UNSUPPORTED;
      if (c === CLOSE_BRACE) return { value: out, after: sep + 1 };
      if (c !== COMMA) throw UNSUPPORTED;
      i = this.skipSpaces(sep + 1);
      if (i >= this.eol || isFlowIndicator(text.charCodeAt(i))) throw UNSUPPORTED;
    }
  }
}
