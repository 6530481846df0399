/**
 * Reads top-level fields of the canonical event inside a leaf record straight from its bytes, without parsing the
 * whole record: verify checks every lookup column against its leaf this way, and append compares duplicates.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const EVENT_FIRST = Buffer.from('{"event":');
const EVENT_AFTER_CLUSTER = Buffer.from(',"event":');
const RECEIVED_AT = Buffer.from(',"receivedAt":');
const AUDIT_ID_KEY = Buffer.from('"auditID"');
const STAGE_KEY = Buffer.from('"stage"');

// Buffer.indexOf costs about a microsecond per call in its binding; the distances here are short, so plain loops win.
function bytesAt(b: Buffer, at: number, needle: Buffer): boolean {
  if (at < 0 || at + needle.length > b.length) return false;
  for (let i = 0; i < needle.length; i++) if (b[at + i] !== needle[i]) return false;
  return true;
}

function lastIndexOfBytes(b: Buffer, needle: Buffer): number {
  for (let at = b.length - needle.length; at >= 0; at--) if (bytesAt(b, at, needle)) return at;
  return -1;
}

/** The event object's bytes [start, end) inside a leaf record, or undefined when the record has no such shape. */
export function eventSpan(leaf: Buffer): readonly [number, number] | undefined {
  let start: number;
  if (bytesAt(leaf, 0, EVENT_FIRST)) start = EVENT_FIRST.length;
  else {
    // A cluster name is a JSON string, inside which a quote is always escaped: the first match is the real key.
    const i = leaf.indexOf(EVENT_AFTER_CLUSTER);
    if (i < 0) return undefined;
    start = i + EVENT_AFTER_CLUSTER.length;
  }
  const end = lastIndexOfBytes(leaf, RECEIVED_AT);
  if (end <= start || leaf[start] !== OPEN_OBJECT || leaf[end - 1] !== CLOSE_OBJECT) return undefined;
  return [start, end];
}

/** The canonical event bytes of a leaf record. */
export function eventBytes(leaf: Buffer): Buffer | undefined {
  const span = eventSpan(leaf);
  return span ? leaf.subarray(span[0], span[1]) : undefined;
}

function escaped(b: Buffer, quote: number): boolean {
  let n = 0;
  for (let k = quote - 1; b[k] === BACKSLASH; k--) n++;
  return n % 2 === 1;
}

/** Index of the quote closing the string opened at `open`, or -1. */
function stringEnd(b: Buffer, open: number, limit: number): number {
  for (let j = open + 1; j < limit; j++) if (b[j] === QUOTE && !escaped(b, j)) return j;
  return -1;
}

/** Index of the quote opening the string closed at `close`, or -1. */
function stringStart(b: Buffer, close: number, floor: number): number {
  for (let j = close - 1; j >= floor; j--) if (b[j] === QUOTE && !escaped(b, j)) return j;
  return -1;
}

/** What a top-level key holds: the JSON text of a string value, `other` for another kind of value, `absent`. */
export type TopLevel = { readonly string: string } | 'other' | 'absent' | 'malformed';

function valueAt(b: Buffer, at: number, end: number): TopLevel {
  if (b[at] !== QUOTE) return 'other';
  const close = stringEnd(b, at, end);
  return close < 0 ? 'malformed' : { string: b.toString('utf8', at, close + 1) };
}

/**
 * The value of a top-level key of the object b[start, end), found by skipping strings and tracking depth, scanning
 * from the front (keys that sort early, such as auditID) or from the back (keys that sort late, such as stage).
 */
export function topLevel(b: Buffer, start: number, end: number, key: string | Buffer, fromEnd: boolean): TopLevel {
  const want = typeof key === 'string' ? Buffer.from(JSON.stringify(key), 'utf8') : key;
  let depth = 0;
  if (!fromEnd) {
    for (let p = start + 1; p < end - 1; p++) {
      const c = b[p];
      if (c === QUOTE) {
        const close = stringEnd(b, p, end);
        if (close < 0) return 'malformed';
        if (depth === 0 && b[close + 1] === COLON && close + 1 - p === want.length && bytesAt(b, p, want)) return valueAt(b, close + 2, end);
        p = close;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    }
    return 'absent';
  }
  for (let p = end - 2; p > start; p--) {
    const c = b[p];
    if (c === QUOTE) {
      const open = stringStart(b, p, start + 1);
      if (open < 0) return 'malformed';
      if (depth === 0 && b[p + 1] === COLON && p + 1 - open === want.length && bytesAt(b, open, want)) return valueAt(b, p + 2, end);
      p = open;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth++;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth--;
  }
  return 'absent';
}

/** The auditID and stage columns a leaf's event implies (stage '' when absent), or undefined for a malformed record. */
export function lookupColumnsOf(b: Buffer, span: readonly [number, number]): { auditId: string; stage: string } | undefined {
  const id = topLevel(b, span[0], span[1], AUDIT_ID_KEY, false);
  const stage = topLevel(b, span[0], span[1], STAGE_KEY, true);
  if (typeof id !== 'object' || (stage !== 'absent' && typeof stage !== 'object')) return undefined;
  return { auditId: JSON.parse(id.string) as string, stage: stage === 'absent' ? '' : JSON.parse(stage.string) as string };
}

/** True when the stored columns are the ones the leaf implies; compares JSON text, so no allocation of parsed values. */
export function columnsMatch(b: Buffer, span: readonly [number, number], auditId: string, stage: string): boolean {
  const id = topLevel(b, span[0], span[1], AUDIT_ID_KEY, false);
  if (typeof id !== 'object' || id.string !== JSON.stringify(auditId)) return false;
  const st = topLevel(b, span[0], span[1], STAGE_KEY, true);
  return st === 'absent' ? stage === '' : typeof st === 'object' && st.string === JSON.stringify(stage);
}
