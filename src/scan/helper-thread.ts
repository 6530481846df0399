/**
 * A helper thread for large scans. It takes a copy of the inputs while the main thread reads them, then works out where
 * each finding is in its file while the main thread runs the rules: locating is about as costly as the rules
 * themselves on a large input. Results are the same as a one-thread scan, in the same order.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { DeferredLocator } from '../core/engine.js';
import type { Location } from '../core/finding.js';
import type { KubeResource } from '../core/resource.js';
import type { ParsedInputs, TextInput } from '../sources/inputs.js';
import type { HelperFile, HelperMessage, HelperRequest } from './helper-protocol.js';
import { makeLocator } from '../sources/locate.js';
import { isNodeFileName } from '../sources/node-files.js';
import { isJsonInput } from '../sources/parse.js';

/** Below this much input a second thread costs more than it saves (measured: 5-8% slower at 10-15 MB). */
export const HELPER_MIN_BYTES = 24 * 1024 * 1024;
/** Above this, the helper's copy of the text costs more memory than it saves time (135 MB dump: no faster, 80 MB more RSS). */
export const HELPER_MAX_BYTES = 96 * 1024 * 1024;

/** Whether a helper thread pays for itself on this much YAML. */
export function helperPays(bytes: number, minBytes: number = HELPER_MIN_BYTES, maxBytes: number = HELPER_MAX_BYTES): boolean {
  return bytes >= minBytes && bytes <= maxBytes;
}

/** Findings per locate message. */
const LOCATE_BATCH = 4096;
/** With no word from the helper for this long (it crashed, or never started), the main thread does the work itself. */
const STALL_MS = 30_000;
/** A helper loads in well under a second; one not heard from in this long never started. */
const START_MS = 5_000;

export interface HelperThread {
  /** Gives the helper a copy of the inputs findings will be located in. */
  share(inputs: readonly TextInput[]): void;
  /** Locates findings in the files of `parsed`, the helper doing it for the inputs it was given. */
  locator(parsed: ParsedInputs): DeferredLocator;
  close(): Promise<void>;
}

export function startHelperThread(): HelperThread {
  const signal = new SharedArrayBuffer(4);
  const seen = new Int32Array(signal);
  const channel = new MessageChannel();
  const script = new URL('./helper-worker.js', import.meta.url);
  // Without its script (a bundled or partial install) there is no helper, and this thread does everything.
  const worker = existsSync(script) ? new Worker(script, { workerData: { signal, port: channel.port2 }, transferList: [channel.port2] }) : undefined;
  const port: MessagePort = channel.port1;
  let alive = worker !== undefined;
  // A helper that dies is noticed by its silence; its error must not take the scan down with it.
  worker?.on('error', () => { alive = false; });
  let fileIndex = new Map<string, number>();
  let fileNames: readonly string[] = [];

  const send = (req: HelperRequest): void => {
    if (alive) channel.port1.postMessage(req);
  };
  /** The helper's next message, or undefined once it has failed or gone quiet. */
  let heard = false;
  const next = (): HelperMessage | undefined => {
    let waited = 0;
    while (alive) {
      const before = Atomics.load(seen, 0);
      const got = receiveMessageOnPort(port);
      if (got) {
        const m = got.message as HelperMessage;
        heard = true;
        if (m.type === 'ready') continue;
        if (m.type !== 'failed') return m;
        alive = false;
        break;
      }
      const t0 = Date.now();
      if (Atomics.wait(seen, 0, before, 1000) === 'timed-out') {
        waited += Date.now() - t0;
        if (waited >= (heard ? STALL_MS : START_MS)) alive = false;
      }
    }
    return undefined;
  };

  return {
    share(inputs) {
      // Node configuration files carry their own positions, and JSON is located on this thread (skipping values is
      // cheap, and a second copy of a 100k-resource List in the helper cost 400 MB); YAML goes to the helper.
      const shared: HelperFile[] = inputs.filter((input) => !isNodeFileName(input.file) && !isJsonInput(input.file, input.text))
        .map((input) => ({ file: input.file, json: false, text: input.text }));
      fileIndex = new Map(shared.map((f, i) => [f.file, i]));
      fileNames = shared.map((f) => f.file);
      send({ type: 'files', files: shared });
    },

    locator(result) {
      const local = makeLocator(result.files);
      const answers: (Location | undefined)[] = [];
      let batch: [number, number, string, string][] = [];
      let slots: number[] = [];
      const pending: { readonly slots: readonly number[]; readonly asks: readonly (readonly [number, number, string, string])[] }[] = [];
      const flush = (): void => {
        if (batch.length === 0) return;
        send({ type: 'locate', asks: batch });
        pending.push({ slots, asks: batch });
        batch = [];
        slots = [];
      };
      return {
        ask(r: KubeResource, path: string) {
          const fi = fileIndex.get(r.origin.file);
          const src = result.files.get(r.origin.file);
          if (!alive || fi === undefined || !src || src.positions || src.lenientJson === true) {
            answers.push(local(r, path));
            return;
          }
          slots.push(answers.length);
          answers.push(undefined);
          batch.push([fi, r.origin.doc, r.origin.pointer, path]);
          if (batch.length >= LOCATE_BATCH) flush();
        },
        answers() {
          flush();
          for (const p of pending) {
            const m = next();
            const at = m?.type === 'located' ? m.at : undefined;
            p.asks.forEach(([fi, doc, pointer, path], i) => {
              const slot = p.slots[i] ?? 0;
              const file = fileNames[fi] ?? '';
              const got = at?.[i];
              answers[slot] = at
                ? (got ? { file, line: got[0], column: got[1] } : undefined)
                : local({ origin: { file, doc, line: 0, pointer } }, path);
            });
          }
          pending.length = 0;
          return answers;
        },
      };
    },

    async close() {
      alive = false;
      port.close();
      await worker?.terminate();
    },
  };
}
