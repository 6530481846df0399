/**
 * Finds the line of a JSON pointer in block-style YAML by scanning indentation, without parsing.
 * Kubernetes YAML is almost always block style; anything else makes it give up so the caller can fall back to a parser.
 */
import {
  COLON, CR, DASH, DQUOTE, GREATER_THAN, HASH, isBreakOrBlank, LESS_THAN, lineEnd, opensUnsupported, PIPE, QUESTION, QUOTE, shortDecimal, skipSpaces,
  SPACE, TAB, UNSUPPORTED,
} from './yaml-chars.js';

export { UNSUPPORTED } from './yaml-chars.js';

export interface BlockPosition {
  /** 0-based line offset from the start of the scanned range. */
  readonly line: number;
  /** 0-based column. */
  readonly column: number;
  /** How many path segments were found; fewer than asked when the field does not exist. */
  readonly matched: number;
  /** Where the found node's content starts, when every segment was found and the node is not empty. */
  readonly cursor?: Cursor;
}

interface Cursor {
  /** Offset of the line where the node's content starts. */
  lineStart: number;
  /** Line number (0-based, relative) of that line. */
  lineNo: number;
  /** Column where the node's content starts on that line (after "key:" or "- "). */
  column: number;
  /** Indent of the line that owns this node; nested content is indented more. */
  ownerIndent: number;
  /** Whether a sequence at ownerIndent belongs to this node (YAML lets `key:` be followed by `- item` at the key's indent). */
  seqAtOwner: boolean;
}

function indentOf(text: string, start: number, stop: number): number {
  return skipSpaces(text, start, stop) - start;
}

function isBlankOrComment(text: string, from: number, stop: number): boolean {
  for (let i = from; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR) continue;
    return c === HASH;
  }
  return true;
}

function keyAt(text: string, at: number, stop: number): { key: string; after: number } | undefined | typeof UNSUPPORTED {
  const c = text.charCodeAt(at);
  if (c === DQUOTE || c === QUOTE) {
    const close = text.indexOf(c === DQUOTE ? '"' : "'", at + 1);
    if (close < 0 || close >= stop || text.charCodeAt(close + 1) !== COLON) return undefined;
    const raw = text.slice(at + 1, close);
    if (c === DQUOTE && raw.includes('\\')) return UNSUPPORTED;
    return { key: raw, after: close + 2 };
  }
  if (c === QUESTION || opensUnsupported(c)) return UNSUPPORTED;
  // A plain key ends at the first ": " or ":" at end of line.
  let i = at;
  while (i < stop) {
    const ch = text.charCodeAt(i);
    if (ch === COLON) {
      if (i + 1 >= stop || isBreakOrBlank(text.charCodeAt(i + 1))) break;
    } else if (ch === HASH && i > at && text.charCodeAt(i - 1) === SPACE) {
      return undefined;
    }
    i++;
  }
  if (i >= stop) return undefined;
  const key = text.slice(at, i).trimEnd();
  if (key === '<<') return UNSUPPORTED;
  return { key, after: i + 1 };
}

function isDash(text: string, at: number, stop: number): boolean {
  if (text.charCodeAt(at) !== DASH) return false;
  return at + 1 >= stop || isBreakOrBlank(text.charCodeAt(at + 1));
}

/** Content of a value that starts on the same line as its key or dash: flow collections and tags end the fast path. */
function inlineValueKind(text: string, from: number, stop: number): 'none' | 'scalar' | 'block-scalar' | 'unsupported' | 'nested' {
  let i = from;
  while (i < stop && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  const c = text.charCodeAt(i);
  if (i >= stop || c === CR || c === HASH) return 'none';
  if (opensUnsupported(c)) return 'unsupported';
  if (c === PIPE || c === GREATER_THAN) return 'block-scalar';
  if (isDash(text, i, stop)) return 'nested';
  if (keyAt(text, i, stop) !== undefined) return 'nested';
  return 'scalar';
}

interface ChildLine {
  readonly lp: number;
  readonly le: number;
  readonly ln: number;
  readonly contentStart: number;
  readonly indent: number;
}

/**
 * The lines that start the children of the node at `cur`: its first line, then every line at the same indent.
 * One object walks them all (no allocation per line: the locator runs once per finding).
 */
class ChildLines implements ChildLine {
  lp: number;
  le = 0;
  ln: number;
  contentStart = 0;
  indent = 0;
  private childIndent = -1;
  private first = true;
  private next: number;
  private nextLn: number;

  constructor(private readonly text: string, private readonly end: number, private readonly cur: Cursor) {
    this.lp = this.next = cur.lineStart;
    this.ln = this.nextLn = cur.lineNo;
  }

  /** Moves to the next child line; false when there are no more. */
  advance(): boolean {
    const { text, end, cur } = this;
    while (this.next < end) {
      const lp = this.next;
      const ln = this.nextLn;
      const le = lineEnd(text, lp, end);
      const first = this.first;
      this.first = false;
      this.next = le + 1;
      this.nextLn = ln + 1;
      const contentStart = first ? lp + cur.column : lp + indentOf(text, lp, le);
      const indent = first ? cur.column : contentStart - lp;
      // The indent is all spaces, so a blank or comment line shows from its first non-space character on.
      if (!first && isBlankOrComment(text, contentStart, le)) continue;
      if (!first) {
        if (indent < cur.ownerIndent || (indent === cur.ownerIndent && !(cur.seqAtOwner && isDash(text, contentStart, le)))) return this.stop();
        if (indent === 0 && (text.startsWith('---', lp) || text.startsWith('...', lp))) return this.stop();
      }
      if (this.childIndent < 0) this.childIndent = indent;
      if (indent === this.childIndent) {
        this.lp = lp;
        this.le = le;
        this.ln = ln;
        this.contentStart = contentStart;
        this.indent = indent;
        return true;
      }
      if (indent < this.childIndent && !first) return this.stop();
    }
    return false;
  }

  private stop(): false {
    this.next = this.end;
    return false;
  }
}

/**
 * Whether the plain key at `at` is `want`, without cutting the key out of the text; undefined when the line is
 * not a plain key this shortcut can judge (quoted keys, indicators), so the caller asks keyAt.
 */
function plainKeyIs(text: string, at: number, stop: number, want: string): { after: number } | false | undefined {
  const c = text.charCodeAt(at);
  // quotes, ?, {, [, &, *, !: keyAt knows these
  if (c === DQUOTE || c === QUOTE || c === QUESTION || opensUnsupported(c)) return undefined;
  const n = want.length;
  if (n === 0) return undefined;
  if (!text.startsWith(want, at)) return false;
  const i = at + n;
  if (i >= stop || text.charCodeAt(i) !== COLON) return undefined;
  if (i + 1 < stop && !isBreakOrBlank(text.charCodeAt(i + 1))) return undefined;
  // `want` itself must not hold a ": " or " #" that would end the key sooner.
  if (want.includes(':') || want.includes('#') || want === '<<') return undefined;
  return { after: i + 1 };
}

/** Where a value that starts after its key or dash really begins; undefined when it is empty. */
function enter(text: string, end: number, found: Cursor): Cursor | undefined {
  if (found.column >= 0) return found;
  let p = found.lineStart;
  let n = found.lineNo;
  let le = end;
  while (p < end) {
    le = lineEnd(text, p, end);
    if (!isBlankOrComment(text, p, le)) break;
    p = le + 1;
    n++;
  }
  if (p >= end) return undefined;
  const ind = indentOf(text, p, le);
  const dashOk = found.seqAtOwner && ind === found.ownerIndent && isDash(text, p + ind, le);
  if (ind <= found.ownerIndent && !dashOk) return undefined;
  return { lineStart: p, lineNo: n, column: ind, ownerIndent: found.ownerIndent, seqAtOwner: found.seqAtOwner };
}

/** A sequence item's cursor from its dash line; 'unsupported' for flow or tagged items. */
function itemCursor(text: string, line: ChildLine): { cursor: Cursor; inline: ReturnType<typeof inlineValueKind> } {
  const c = skipSpaces(text, line.contentStart + 1, line.le);
  const inline = inlineValueKind(text, c, line.le);
  const cursor = inline === 'nested'
    ? { lineStart: line.lp, lineNo: line.ln, column: c - line.lp, ownerIndent: line.indent, seqAtOwner: false }
    : { lineStart: line.le + 1, lineNo: line.ln + 1, column: -1, ownerIndent: line.indent, seqAtOwner: false };
  return { cursor, inline };
}

/** The node a document starts with: its first content line, entered as the value of an owner above every indent. */
export function rootCursor(text: string, start: number, end: number): Cursor | undefined {
  return enter(text, end, { lineStart: start, lineNo: 0, column: -1, ownerIndent: -1, seqAtOwner: false });
}

export type { Cursor as BlockCursor };

/** Where a descent stood after each segment it found: enough to resume it for a path that shares that prefix. */
export interface DescentStep {
  readonly cursor: Cursor;
  readonly line: number;
  readonly column: number;
}

/**
 * Follows `segments` down from the node at `from` (whose own position is `at`). Returns UNSUPPORTED when the
 * text leaves the block subset on the way; `matched` counts the segments found. With `trail`, records a step per
 * segment found and entered.
 */
export function descend(text: string, end: number, from: Cursor, at: { line: number; column: number }, segments: readonly string[],
  trail?: DescentStep[]): BlockPosition | typeof UNSUPPORTED {
  let cur: Cursor | undefined = from;
  let best: BlockPosition = { line: at.line, column: at.column, matched: 0 };
  for (let s = 0; s < segments.length && cur; s++) {
    const seg = segments[s] as string;
    const last = s + 1 === segments.length;
    const wantIndex = shortDecimal(seg);
    let found: Cursor | undefined;
    let count = 0;
    let sawMerge = false;
    const line = new ChildLines(text, end, cur);
    while (line.advance()) {
      const { le, ln, contentStart, indent } = line;
      if (wantIndex >= 0) {
        if (!isDash(text, contentStart, le)) {
          if (keyAt(text, contentStart, le) === UNSUPPORTED) return UNSUPPORTED;
          break; // a mapping where a sequence was asked for
        }
        if (count++ !== wantIndex) continue;
        const item = itemCursor(text, line);
        // Flow or tagged content only matters when the path goes inside it.
        if (item.inline === 'unsupported') return last ? { line: ln, column: indent, matched: s + 1 } : UNSUPPORTED;
        found = item.cursor;
        best = { line: ln, column: indent, matched: s + 1 };
        break;
      }
      // A dash at the keys' indent is an item of the previous key's sequence (YAML allows `key:` then `- x` at the same indent).
      if (isDash(text, contentStart, le)) continue;
      const quick = plainKeyIs(text, contentStart, le, seg);
      if (quick === false) {
        // Not this key; only the merge key and unsupported keys matter, and they start with '<' or an indicator.
        if (text.charCodeAt(contentStart) !== LESS_THAN) continue;
      }
      const k = quick ? { key: seg, after: quick.after } : keyAt(text, contentStart, le);
      if (k === UNSUPPORTED) {
        if (text.startsWith('<<', contentStart)) sawMerge = true;
        else return UNSUPPORTED;
      } else if (k && k.key === seg) {
        const kind = inlineValueKind(text, k.after, le);
        if (kind === 'unsupported') return last ? { line: ln, column: indent, matched: s + 1 } : UNSUPPORTED;
        best = { line: ln, column: indent, matched: s + 1 };
        // A scalar has no children: deeper segments cannot exist.
        if (kind === 'scalar' || kind === 'block-scalar') return best;
        found = { lineStart: le + 1, lineNo: ln + 1, column: -1, ownerIndent: indent, seqAtOwner: true };
        break;
      }
    }
    if (!found) return sawMerge ? UNSUPPORTED : best;
    cur = enter(text, end, found);
    if (trail && cur) trail.push({ cursor: cur, line: best.line, column: best.column });
  }
  return cur && best.matched === segments.length ? { ...best, cursor: cur } : best;
}

/** Cursors and positions of every item of the block sequence at `from`, in one pass; UNSUPPORTED if any is not block style. */
export function sequenceItems(text: string, end: number, from: Cursor): { cursor: Cursor | undefined; line: number; column: number }[] | typeof UNSUPPORTED {
  const out: { cursor: Cursor | undefined; line: number; column: number }[] = [];
  const line = new ChildLines(text, end, from);
  while (line.advance()) {
    if (!isDash(text, line.contentStart, line.le)) return UNSUPPORTED;
    const item = itemCursor(text, line);
    if (item.inline === 'unsupported') return UNSUPPORTED;
    out.push({ cursor: enter(text, end, item.cursor), line: line.ln, column: line.indent });
  }
  return out;
}

/**
 * Locate `segments` in text[start, end). Returns UNSUPPORTED when the document leaves the block subset on the way.
 */
export function locateInBlockYaml(text: string, start: number, end: number, segments: readonly string[]): BlockPosition | typeof UNSUPPORTED {
  const root = rootCursor(text, start, end);
  if (!root) return { line: 0, column: 0, matched: 0 };
  return descend(text, end, root, { line: root.lineNo, column: root.column }, segments);
}
