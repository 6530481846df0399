/**
 * Finds the line of a JSON pointer in block-style YAML by scanning indentation, without parsing.
 * Kubernetes YAML is almost always block style; anything else makes it give up so the caller can fall back to a parser.
 */

export interface BlockPosition {
  /** 0-based line offset from the start of the scanned range. */
  readonly line: number;
  /** 0-based column. */
  readonly column: number;
  /** How many path segments were found; fewer than asked when the field does not exist. */
  readonly matched: number;
}

/** The scanner saw syntax it does not follow (flow collections, merge keys, complex keys, tags on collections). */
export const UNSUPPORTED = Symbol('unsupported');

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

function lineEnd(text: string, start: number, end: number): number {
  const i = text.indexOf('\n', start);
  return i < 0 || i > end ? end : i;
}

function indentOf(text: string, start: number, stop: number): number {
  let i = start;
  while (i < stop && text.charCodeAt(i) === 32) i++;
  return i - start;
}

function isBlankOrComment(text: string, from: number, stop: number): boolean {
  for (let i = from; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) continue;
    return c === 35; // '#'
  }
  return true;
}

function keyAt(text: string, at: number, stop: number): { key: string; after: number } | undefined | typeof UNSUPPORTED {
  const c = text[at];
  if (c === '"' || c === "'") {
    const close = text.indexOf(c, at + 1);
    if (close < 0 || close >= stop || text[close + 1] !== ':') return undefined;
    const raw = text.slice(at + 1, close);
    if (c === '"' && raw.includes('\\')) return UNSUPPORTED;
    return { key: raw, after: close + 2 };
  }
  if (c === '?' || c === '{' || c === '[' || c === '&' || c === '*' || c === '!') return UNSUPPORTED;
  // A plain key ends at the first ": " or ":" at end of line.
  let i = at;
  while (i < stop) {
    const ch = text.charCodeAt(i);
    if (ch === 58 /* : */) {
      const next = i + 1 < stop ? text.charCodeAt(i + 1) : 10;
      if (next === 32 || next === 10 || next === 13 || next === 9) break;
    } else if (ch === 35 /* # */ && i > at && text.charCodeAt(i - 1) === 32) {
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
  if (text.charCodeAt(at) !== 45) return false;
  const next = at + 1 < stop ? text.charCodeAt(at + 1) : 10;
  return next === 32 || next === 10 || next === 13 || next === 9;
}

/** Content of a value that starts on the same line as its key or dash: flow collections and tags end the fast path. */
function inlineValueKind(text: string, from: number, stop: number): 'none' | 'scalar' | 'block-scalar' | 'unsupported' | 'nested' {
  let i = from;
  while (i < stop && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= stop || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 35) return 'none';
  const c = text[i];
  if (c === '{' || c === '[' || c === '&' || c === '*' || c === '!') return 'unsupported';
  if (c === '|' || c === '>') return 'block-scalar';
  if (isDash(text, i, stop)) return 'nested';
  if (keyAt(text, i, stop) !== undefined) return 'nested';
  return 'scalar';
}

/**
 * Locate `segments` in text[start, end). Returns UNSUPPORTED when the document leaves the block subset on the way.
 */
export function locateInBlockYaml(text: string, start: number, end: number, segments: readonly string[]): BlockPosition | typeof UNSUPPORTED {
  // The root node: first content line.
  let pos = start;
  let lineNo = 0;
  while (pos < end) {
    const le = lineEnd(text, pos, end);
    if (!isBlankOrComment(text, pos, le)) break;
    pos = le + 1;
    lineNo++;
  }
  if (pos >= end) return { line: 0, column: 0, matched: 0 };
  const firstIndent = indentOf(text, pos, lineEnd(text, pos, end));
  let cur: Cursor = { lineStart: pos, lineNo, column: firstIndent, ownerIndent: -1, seqAtOwner: false };
  let best: BlockPosition = { line: lineNo, column: firstIndent, matched: 0 };

  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s] as string;
    const wantIndex = /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : -1;
    // Scan the node's lines: the first one from cur.column, the rest by their indent.
    let childIndent = -1;
    let found: Cursor | undefined;
    let count = 0;
    let lp = cur.lineStart;
    let ln = cur.lineNo;
    let first = true;
    let sawMerge = false;
    while (lp < end) {
      const le = lineEnd(text, lp, end);
      const contentStart = first ? lp + cur.column : lp + indentOf(text, lp, le);
      const indent = first ? cur.column : contentStart - lp;
      const blank = first ? false : isBlankOrComment(text, lp, le);
      if (!blank) {
        if (!first) {
          if (indent < cur.ownerIndent || (indent === cur.ownerIndent && !(cur.seqAtOwner && isDash(text, contentStart, le)))) break;
          if (text.startsWith('---', lp) || text.startsWith('...', lp)) break;
        }
        if (childIndent < 0) childIndent = indent;
        if (indent === childIndent) {
          if (wantIndex >= 0) {
            if (!isDash(text, contentStart, le)) {
              if (keyAt(text, contentStart, le) === UNSUPPORTED) return UNSUPPORTED;
              break; // a mapping where a sequence was asked for
            }
            if (count === wantIndex) {
              let c = contentStart + 1;
              while (c < le && text.charCodeAt(c) === 32) c++;
              const kind = inlineValueKind(text, c, le);
              // Flow or tagged content only matters when the path goes inside it.
              if (kind === 'unsupported') return s + 1 === segments.length ? { line: ln, column: indent, matched: s + 1 } : UNSUPPORTED;
              found = kind === 'nested'
                ? { lineStart: lp, lineNo: ln, column: c - lp, ownerIndent: indent, seqAtOwner: false }
                : { lineStart: le + 1, lineNo: ln + 1, column: -1, ownerIndent: indent, seqAtOwner: false };
              best = { line: ln, column: indent, matched: s + 1 };
              break;
            }
            count++;
          } else {
            // A dash at the keys' indent is an item of the previous key's sequence (YAML allows `key:` then `- x` at the same indent).
            const k = isDash(text, contentStart, le) ? undefined : keyAt(text, contentStart, le);
            if (k === UNSUPPORTED) {
              if (text.startsWith('<<', contentStart)) { sawMerge = true; } else return UNSUPPORTED;
            } else if (k && k.key === seg) {
              const kind = inlineValueKind(text, k.after, le);
              if (kind === 'unsupported') return s + 1 === segments.length ? { line: ln, column: indent, matched: s + 1 } : UNSUPPORTED;
              found = { lineStart: le + 1, lineNo: ln + 1, column: -1, ownerIndent: indent, seqAtOwner: true };
              best = { line: ln, column: indent, matched: s + 1 };
              // A scalar has no children: deeper segments cannot exist.
              if (kind === 'scalar' || kind === 'block-scalar') return best;
              break;
            }
          }
        } else if (indent < childIndent && !first) {
          break;
        }
      }
      first = false;
      lp = le + 1;
      ln++;
    }
    if (!found) return sawMerge ? UNSUPPORTED : best;
    if (found.column < 0) {
      // The value starts on a following line: find its first content line and its indent.
      let p = found.lineStart;
      let n = found.lineNo;
      while (p < end) {
        const le = lineEnd(text, p, end);
        if (!isBlankOrComment(text, p, le)) break;
        p = le + 1;
        n++;
      }
      if (p >= end) return best;
      const ind = indentOf(text, p, lineEnd(text, p, end));
      const dashOk = found.seqAtOwner && ind === found.ownerIndent && isDash(text, p + ind, lineEnd(text, p, end));
      if (ind <= found.ownerIndent && !dashOk) return best;
      cur = { lineStart: p, lineNo: n, column: ind, ownerIndent: found.ownerIndent, seqAtOwner: found.seqAtOwner };
    } else {
      cur = found;
    }
  }
  return best;
}
