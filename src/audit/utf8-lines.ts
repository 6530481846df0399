import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { invalidUtf8Offsets } from '../sources/invalid-utf8.js';

/** Bytes at the end of `data` that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(data: Buffer): number {
  for (let k = 1; k <= 3 && k <= data.length; k++) {
    const b = data[data.length - k] as number;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return k < need ? k : 0;
    }
  }
  return 0;
}

/**
 * Passes an import's bytes through unchanged and notes the lines (numbered as readline numbers them: LF, CRLF or a
 * lone CR ends a line) that hold invalid UTF-8, which decoding would silently replace with U+FFFD.
 */
export function utf8LineWatch(): { readonly stream: Transform; readonly badLines: ReadonlySet<number> } {
  const badLines = new Set<number>();
  let line = 1;
  let pendingCr = false;
  let carry = Buffer.alloc(0);
  const advance = (buf: Buffer, from: number, to: number): void => {
    if (from >= to) return;
    if (pendingCr) {
      pendingCr = false;
      if (buf[from] !== 0x0a) line++;
    }
    const cr = buf.indexOf(0x0d, from);
    if (cr < 0 || cr >= to) {
      for (let nl = buf.indexOf(0x0a, from); nl >= 0 && nl < to; nl = buf.indexOf(0x0a, nl + 1)) line++;
      return;
    }
    for (let i = from; i < to; i++) {
      const b = buf[i];
      if (b === 0x0a) line++;
      else if (b === 0x0d) {
        if (i + 1 >= to) pendingCr = true;
        else if (buf[i + 1] !== 0x0a) line++;
      }
    }
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const keep = incompleteTail(data);
      const body = keep > 0 ? data.subarray(0, data.length - keep) : data;
      carry = keep > 0 ? Buffer.from(data.subarray(data.length - keep)) : Buffer.alloc(0);
      if (isUtf8(body)) advance(body, 0, body.length);
      else {
        let pos = 0;
        for (const off of invalidUtf8Offsets(body)) {
          advance(body, pos, off);
          badLines.add(line);
          pos = off;
        }
        advance(body, pos, body.length);
      }
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      // A sequence cut off by the end of the input is invalid too.
      if (carry.length > 0) badLines.add(line);
      done();
    },
  });
  return { stream, badLines };
}
