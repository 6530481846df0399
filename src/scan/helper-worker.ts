/**
 * The scan's helper thread: takes a copy of the inputs while the main thread reads them, then answers where findings
 * are in the files while the main thread runs the rules. It logs nothing.
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { HelperMessage, HelperRequest } from './helper-protocol.js';
import { makeLocator } from '../sources/locate.js';
import { slicesOf } from '../sources/parse.js';
import type { DocumentSlice } from '../sources/split.js';

interface HeldFile {
  readonly file: string;
  readonly text: string;
  readonly json: boolean;
  readonly docs: readonly DocumentSlice[];
}

function run(port: MessagePort, signal: Int32Array): void {
  const files: HeldFile[] = [];
  let locate: ReturnType<typeof makeLocator> | undefined;
  const post = (m: HelperMessage): void => {
    port.postMessage(m);
    // Wakes a main thread that waits synchronously (Atomics.wait) for this message.
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };

  post({ type: 'ready' });
  port.on('message', (req: HelperRequest) => {
    try {
      if (req.type === 'files') {
        for (const f of req.files) files.push({ ...f, docs: slicesOf(f.text, f.json) });
        locate = makeLocator(new Map(files.map((f) => [f.file, f])));
        return;
      }
      const at = req.asks.map(([fi, doc, pointer, path]): readonly [number, number] | null => {
        const file = files[fi]?.file ?? '';
        const l = locate?.({ origin: { file, doc, line: 0, pointer } }, path);
        return l ? [l.line, l.column] : null;
      });
      post({ type: 'located', at });
    } catch (e) {
      post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
}

const data = workerData as { readonly signal: SharedArrayBuffer; readonly port: MessagePort };
run(data.port, new Int32Array(data.signal));
