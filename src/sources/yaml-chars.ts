/**
 * The vocabulary of the two block-YAML scanners (block-yaml.ts reads values, block-locator.ts finds lines): character
 * codes by name, the character classes YAML's grammar uses, and the line helpers both walk texts with.
 */

/** A scanner met syntax outside the block subset it follows; the caller falls back to js-yaml or the `yaml` parser. */
export const UNSUPPORTED = Symbol('unsupported');

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const DQUOTE = 34;
export const HASH = 35;
export const PERCENT = 37;
export const AMPERSAND = 38;
export const QUOTE = 39;
export const STAR = 42;
export const PLUS = 43;
export const COMMA = 44;
export const DASH = 45;
export const DOT = 46;
export const DIGIT_0 = 48;
export const DIGIT_1 = 49;
export const DIGIT_9 = 57;
export const COLON = 58;
export const LESS_THAN = 60;
export const GREATER_THAN = 62;
export const QUESTION = 63;
export const AT = 64;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const BACKTICK = 96;
export const OPEN_BRACE = 123;
export const PIPE = 124;
export const CLOSE_BRACE = 125;
export const TILDE = 126;

/**
 * Carriage returns: the value reader leaves any CR to js-yaml (its pre-check refuses the document), so it never sees
 * one; the locator reads CRLF files and treats a CR like the line break it precedes. This is that one rule.
 */
export function isBreakOrBlank(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

export function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** `,` `[` `]` `{` `}`: the characters that end or open a flow collection's entry. */
export function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

/** `{` `[` `&` `*` `!`: a flow collection, an anchor, an alias or a tag, which neither scanner follows. */
export function opensUnsupported(c: number): boolean {
  return c === OPEN_BRACE || c === OPEN_BRACKET || c === AMPERSAND || c === STAR || c === BANG;
}

/** The digits-only string (no sign, no leading zero, at most 15 digits) as its number, or -1: array indexes, ports, replicas. */
export function shortDecimal(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15 || (n > 1 && s.charCodeAt(0) === DIGIT_0)) return -1;
  for (let i = 0; i < n; i++) {
    if (!isDigit(s.charCodeAt(i))) return -1;
  }
  return Number(s);
}

/** Offset of the LF ending the line at `from`, or `end` when the range ends first. */
export function lineEnd(text: string, from: number, end: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 || nl > end ? end : nl;
}

/** The first offset at or after `from` (before `stop`) that is not a space. */
export function skipSpaces(text: string, from: number, stop: number): number {
  let i = from;
  while (i < stop && text.charCodeAt(i) === SPACE) i++;
  return i;
}
