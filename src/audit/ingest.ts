import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { IncomingEvent } from './event.js';
import { eventsOfDocument, quarantineBytes, toIncoming } from './event.js';
import type { AppendResult, AuditStore, QuarantineItem } from './store/store.js';
import { utf8LineWatch } from './utf8-lines.js';

const NOT_UTF8 = 'invalid UTF-8: not stored, since decoding would alter the event';

/** Reads audit events (JSON lines, EventList documents, pretty-printed or not) from a stream into a store. */
export interface IngestProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface IngestStats {
  events: number;
  appended: number;
  duplicates: number;
  /** Events whose auditID and stage were stored with other content, kept in the quarantine. */
  conflicts: number;
  problems: number;
  /** New quarantine rows: rejected lines and items, and conflicts. */
  quarantined: number;
  size: number;
}

export interface IngestOptions {
  readonly batchSize?: number;
  readonly cluster?: string;
  readonly now?: () => Date;
  readonly onProblem: (p: IngestProblem) => void;
  /** Called after each durable commit. */
  readonly onCommit?: (stats: Readonly<IngestStats>, last: AppendResult) => void;
  /** A pretty-printed document larger than this is read line by line instead. */
  readonly maxDocumentBytes?: number;
}

/** Describes a JSON.parse failure without quoting the input, which may hold PHI. */
export function jsonErrorMessage(e: unknown): string {
  const m = /position (\d+)/.exec(String((e as Error).message));
  return m ? `malformed JSON at column ${Number(m[1]) + 1}` : 'malformed JSON (truncated or invalid)';
}

export function newStats(): IngestStats {
  return { events: 0, appended: 0, duplicates: 0, conflicts: 0, problems: 0, quarantined: 0, size: 0 };
}

export async function ingestStream(input: Readable, file: string, store: AuditStore, opts: IngestOptions, stats: IngestStats = newStats()): Promise<IngestStats> {
  const batchSize = opts.batchSize ?? 5000;
  const maxDoc = opts.maxDocumentBytes ?? 256 * 1024 * 1024;
  const now = opts.now ?? (() => new Date());
  let batch: IncomingEvent[] = [];
  let rejected: QuarantineItem[] = [];
  // A rejected line or item is kept raw in the quarantine (not a whole unparseable document: the file still has it).
  const problem = (line: number, message: string, raw?: Buffer): void => {
    stats.problems++;
    opts.onProblem({ file, line, message });
    if (raw) rejected.push({ reason: message, source: `${file}:${line}`, raw });
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0 && rejected.length === 0) return;
    const events = batch;
    const quarantine = rejected;
    batch = [];
    rejected = [];
    const r = await store.append(events, { receivedAt: now().toISOString(), ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}), quarantine });
    stats.appended += r.appended;
    stats.duplicates += r.duplicates;
    stats.conflicts += r.conflicts;
    stats.quarantined += r.quarantined;
    stats.size = r.size;
    opts.onCommit?.(stats, r);
  };
  const takeValue = async (value: unknown, line: number): Promise<void> => {
    const { events, problems } = eventsOfDocument(value);
    for (const p of problems) problem(line, p.index < 0 ? p.message : `item ${p.index}: ${p.message}`, p.index < 0 && !topIsEvent(value) ? undefined : quarantineBytes(p.value ?? value));
    for (const ev of events) {
      try {
        batch.push({ ...toIncoming(ev), source: `${file}:${line}` });
        stats.events++;
      } catch (e) {
        problem(line, (e as Error).message, quarantineBytes(ev));
      }
    }
    if (batch.length + rejected.length >= batchSize) await flush();
  };
  const watch = utf8LineWatch();
  const takeLine = async (text: string, line: number): Promise<void> => {
    if (watch.badLines.has(line)) {
      problem(line, NOT_UTF8);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      problem(line, jsonErrorMessage(e), Buffer.from(text, 'utf8'));
      return;
    }
    await takeValue(value, line);
  };

  // Until the first line is seen we do not know whether this is JSON lines or one pretty-printed document.
  let mode: 'probe' | 'lines' | 'document' = 'probe';
  let doc: { first: number; lines: string[]; bytes: number } = { first: 0, lines: [], bytes: 0 };
  const drainDocumentAsLines = async (): Promise<void> => {
    const d = doc;
    doc = { first: 0, lines: [], bytes: 0 };
    mode = 'lines';
    for (let i = 0; i < d.lines.length; i++) {
      const t = d.lines[i] as string;
      if (t.trim() !== '') await takeLine(t, d.first + i);
    }
  };
  input.on('error', (e) => watch.stream.destroy(e));
  const rl = createInterface({ input: input.pipe(watch.stream), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of rl) {
    lineNo++;
    const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (mode === 'document') {
      doc.lines.push(text);
      doc.bytes += text.length + 1;
      if (doc.bytes > maxDoc) await drainDocumentAsLines();
      continue;
    }
    if (text.trim() === '') continue;
    if (mode === 'probe') {
      let parsed = true;
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
      const t = text.trimStart();
      if (!parsed && (t.startsWith('{') || t.startsWith('['))) {
        mode = 'document';
        doc = { first: lineNo, lines: [text], bytes: text.length + 1 };
        continue;
      }
      mode = 'lines';
    }
    await takeLine(text, lineNo);
  }
  if (mode === 'document') {
    const whole = doc.lines.join('\n');
    let value: unknown;
    let error: unknown;
    try {
      value = JSON.parse(whole);
    } catch (e) {
      error = e;
    }
    const bad = doc.lines.findIndex((_, i) => watch.badLines.has(doc.first + i));
    if (error === undefined && bad < 0) await takeValue(value, doc.first);
    else if (error !== undefined && doc.lines.slice(1).some(looksLikeJsonLine)) await drainDocumentAsLines();
    else if (bad >= 0) problem(doc.first + bad, `${NOT_UTF8}; the document is skipped`);
    else problem(doc.first + lineOfPosition(whole, error), `${jsonErrorMessage(error).replace(/ at column \d+/, '')}; the document is skipped`);
  }
  await flush();
  return stats;
}

/** A document-level problem is about one event (a line) unless the document is a list. */
function topIsEvent(value: unknown): boolean {
  return !Array.isArray(value) && !(typeof value === 'object' && value !== null && (value as Record<string, unknown>)['kind'] === 'EventList');
}

function looksLikeJsonLine(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function lineOfPosition(text: string, e: unknown): number {
  const m = /position (\d+)/.exec(String((e as Error).message));
  if (!m) return 0;
  let line = 0;
  const end = Math.min(Number(m[1]), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
