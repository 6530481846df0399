import { isUtf8 } from 'node:buffer';
import type { InputError } from '../core/finding.js';
import { isJsonInput, slicesOf } from './parse.js';

/** Byte offsets where a UTF-8 decoder substitutes U+FFFD (the WHATWG "maximal subpart" rule), at most `max` of them. */
export function invalidUtf8Offsets(buf: Uint8Array, max = 10_000): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < buf.length && out.length < max) {
    const b = buf[i] as number;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else { out.push(i); i++; continue; }
    let k = 1;
    for (; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || c < lo || c > hi) break;
      lo = 0x80;
      hi = 0xbf;
    }
    if (k <= need) out.push(i);
    i += k;
  }
  return out;
}

/**
 * One error per document holding invalid UTF-8, naming the first bad byte's line and column. The document is still
 * read (with U+FFFD in place of the bytes) and scanned, like the rest of the file: a Latin-1 comment loses nothing.
 */
export function invalidUtf8Errors(file: string, buf: Buffer, text: string): InputError[] {
  if (isUtf8(buf)) return [];
  const offsets = invalidUtf8Offsets(buf);
  const slices = slicesOf(text, isJsonInput(file, text));
  const byDoc = new Map<number, { line: number; column: number; byte: number; count: number }>();
  let line = 1;
  let lineStart = 0;
  let nextNl = buf.indexOf(0x0a);
  let doc = 0;
  for (const off of offsets) {
    while (nextNl >= 0 && nextNl < off) {
      line++;
      lineStart = nextNl + 1;
      nextNl = buf.indexOf(0x0a, lineStart);
    }
    while (doc + 1 < slices.length && (slices[doc + 1]?.line ?? Infinity) <= line) doc++;
    const seen = byDoc.get(doc);
    if (seen) seen.count++;
    else byDoc.set(doc, { line, column: buf.toString('utf8', lineStart, off).length + 1, byte: buf[off] as number, count: 1 });
  }
  return [...byDoc].map(([d, at]) => ({
    file, line: at.line, column: at.column,
    message: `invalid UTF-8 byte 0x${at.byte.toString(16).toUpperCase().padStart(2, '0')}${at.count > 1 ? ` (and ${at.count - 1} more)` : ''}` +
      `${slices.length > 1 ? ` in document ${d + 1}` : ''}: read with U+FFFD in its place; save the file as UTF-8`,
  }));
}
