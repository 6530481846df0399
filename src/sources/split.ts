/** A YAML document's slice of its file. */
export interface DocumentSlice {
  readonly index: number;
  /** Offsets into the file text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start` in the file. */
  readonly line: number;
}

function isMarker(text: string, at: number, marker: string): boolean {
  if (!text.startsWith(marker, at)) return false;
  const c = text.charCodeAt(at + 3);
  return Number.isNaN(c) || c === 10 || c === 13 || c === 32 || c === 9;
}

/**
 * Splits a YAML stream at `---` and `...` lines. A marker at column 0 always ends a document in YAML 1.2,
 * so one broken document cannot swallow the ones after it.
 */
export function splitDocuments(text: string): DocumentSlice[] {
  const out: DocumentSlice[] = [];
  let docStart = 0;
  let docLine = 1;
  let line = 1;
  let pos = 0;
  const push = (end: number): void => {
    if (end > docStart) out.push({ index: out.length, start: docStart, end, line: docLine });
  };
  for (;;) {
    const nl = text.indexOf('\n', pos);
    // Only a line starting with '-' or '.' can be a marker: one comparison for every other line.
    const c = text.charCodeAt(pos);
    if (c === 45 && isMarker(text, pos, '---')) {
      push(pos);
      docStart = pos + 3;
      docLine = line;
    } else if (c === 46 && isMarker(text, pos, '...')) {
      push(pos);
      docStart = nl < 0 ? text.length : nl + 1;
      docLine = line + 1;
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  push(text.length);
  // Directive-only and comment-only slices are not documents.
  return out.filter((d) => !isBlank(text, d.start, d.end)).map((d, index) => ({ ...d, index }));
}

function isBlank(text: string, start: number, end: number): boolean {
  let atLineStart = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { atLineStart = true; continue; }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return true;
      i = nl - 1;
      continue;
    }
    if (atLineStart && c === 37 /* % */) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return true;
      i = nl - 1;
      continue;
    }
    return false;
  }
  return true;
}
