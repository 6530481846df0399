/**
 * The scan's helper thread: reads the first part of the YAML documents while the main thread reads the rest, then
 * answers where findings are in the files while the main thread runs the rules. It logs nothing.
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { DocumentsBatch, HelperFile, HelperMessage, HelperOutcome, HelperRequest, ParseRequest } from './helper-protocol.js';
import { makeLocator } from './locate.js';
import type { ParseLimits } from './parse.js';
import { readDocument, slicesOf } from './parse.js';
import type { DocumentSlice } from './split.js';

/** Source bytes per batch: big enough to keep messages few, small enough that the main thread can start early. */
const BATCH_BYTES = 1 << 20;

/** Whether JSON keeps the value exactly: no binary data, no infinities or NaN. */
function survivesJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const x of Object.values(v as Record<string, unknown>)) stack.push(x);
    }
  }
  return true;
}

interface ReadFile extends HelperFile {
  readonly docs: readonly DocumentSlice[];
}

function run(port: MessagePort, signal: Int32Array): void {
  const files: ReadFile[] = [];
  const post = (m: HelperMessage): void => {
    port.postMessage(m);
    // Wakes a main thread that waits synchronously (Atomics.wait) for this message.
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };

  const readBatches = (fileIndex: number, f: ReadFile, budget: number, limits: ParseLimits): number => {
    let outcomes: HelperOutcome[] = [];
    let values: unknown[] = [];
    let bytes = 0;
    const flush = (): void => {
      if (outcomes.length === 0) return;
      const batch: DocumentsBatch = { type: 'documents', file: fileIndex, outcomes, json: JSON.stringify(values) };
      post(batch);
      outcomes = [];
      values = [];
      bytes = 0;
    };
    let read = 0;
    for (const d of f.docs) {
      if (read >= budget) break;
      read++;
      const outcome = readDocument(f.file, f.text, d, limits);
      if (outcome === null) outcomes.push({ doc: d.index, empty: true });
      else if ('error' in outcome) outcomes.push({ doc: d.index, error: outcome.error });
      else if (!survivesJson(outcome.value)) outcomes.push({ doc: d.index, local: true });
      else {
        outcomes.push({ doc: d.index, line: outcome.line });
        values.push(outcome.value);
      }
      bytes += d.end - d.start;
      if (bytes >= BATCH_BYTES) flush();
    }
    flush();
    return read;
  };

  const parse = (req: ParseRequest): void => {
    let budget = req.documents;
    req.files.forEach((f, i) => {
      const docs = slicesOf(f.text, f.json);
      const kept: ReadFile = { ...f, docs };
      files.push(kept);
      if (budget > 0 && !f.json) budget -= readBatches(i, kept, budget, req.limits);
    });
    post({ type: 'parsed' });
  };

  post({ type: 'ready' });
  let locate: ReturnType<typeof makeLocator> | undefined;
  port.on('message', (req: HelperRequest) => {
    try {
      if (req.type === 'parse') parse(req);
      else {
        locate ??= makeLocator(new Map(files.map((f) => [f.file, f])));
        const at = req.asks.map(([fi, doc, pointer, path]): readonly [number, number] | null => {
          const file = files[fi]?.file ?? '';
          const l = locate?.({ origin: { file, doc, line: 0, pointer } }, path);
          return l ? [l.line, l.column] : null;
        });
        post({ type: 'located', at });
      }
    } catch (e) {
      post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
}

const data = workerData as { readonly signal: SharedArrayBuffer; readonly port: MessagePort };
run(data.port, new Int32Array(data.signal));
