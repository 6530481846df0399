/**
 * Splits a large scan over two threads. The helper reads the first part of the YAML documents and hands the values
 * back as JSON, which the main thread reads several times faster than YAML. While the main thread runs the rules, the
 * helper works out where each finding is in its file. Results are the same as a one-thread scan, in the same order.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { DeferredLocator } from '../core/engine.js';
import type { Location } from '../core/finding.js';
import type { JsonValue, KubeResource } from '../core/resource.js';
import type { ParsedInputs, TextInput } from './evaluate-texts.js';
import { gatherParsed } from './evaluate-texts.js';
import type { DocumentOutcome, ParsedText, ParseLimits } from './parse.js';
import { addDocument, DEFAULT_LIMITS, isJsonInput, parseManifests, readDocument } from './parse.js';
import type { HelperFile, HelperMessage, HelperOutcome, HelperRequest } from './helper-protocol.js';
import { makeLocator } from './locate.js';
import { isNodeFileName, parseNodeFile } from './node-files.js';
import type { DocumentSlice } from './split.js';
import { splitDocuments } from './split.js';

/** Below this much input a second thread costs more than it saves (measured here: no gain at 15 MB, 10-15% at 50 MB). */
export const HELPER_MIN_BYTES = 24 * 1024 * 1024;
/** Share of the YAML bytes the helper reads: it also turns them into JSON, and the main thread then reads that. */
const HELPER_SHARE = 0.47;
/** Findings per locate message. */
const LOCATE_BATCH = 4096;
/** With no word from the helper for this long (it crashed, or never started), the main thread does the work itself. */
const STALL_MS = 30_000;
/** A helper loads in well under a second; one not heard from in this long never started. */
const START_MS = 5_000;

export interface HelperThread {
  /** Reads the inputs as parseInputs does, with the helper reading part of them. */
  parse(inputs: readonly TextInput[], limits?: ParseLimits): ParsedInputs;
  /** Locates findings in the files of `parsed`, the helper doing it for manifests it holds. */
  locator(parsed: ParsedInputs): DeferredLocator;
  close(): Promise<void>;
}

interface YamlInput {
  readonly input: number;
  /** Its index among the files sent to the helper. */
  readonly shared: number;
  readonly text: string;
  readonly docs: readonly DocumentSlice[];
  /** Outcome per document index, filled by either thread. */
  readonly outcomes: (DocumentOutcome | undefined)[];
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
    parse(inputs, limits = DEFAULT_LIMITS) {
      const parsed: (ParsedText | undefined)[] = inputs.map((input) => (isNodeFileName(input.file) ? parseNodeFile(input.file, input.text) : undefined));
      const shared: HelperFile[] = [];
      const yamlInputs: YamlInput[] = [];
      const jsonInputs: number[] = [];
      let bytes = 0;
      inputs.forEach((input, i) => {
        if (parsed[i]) return;
        const json = isJsonInput(input.file, input.text);
        shared.push({ file: input.file, text: input.text, json });
        if (json) {
          jsonInputs.push(i);
          return;
        }
        const docs = splitDocuments(input.text);
        yamlInputs.push({ input: i, shared: shared.length - 1, text: input.text, docs, outcomes: new Array<DocumentOutcome | undefined>(docs.length) });
        bytes += input.text.length;
      });
      fileIndex = new Map(shared.map((f, i) => [f.file, i]));
      fileNames = shared.map((f) => f.file);
      // The helper takes documents from the start of the stream up to its share of the bytes.
      let helperDocs = 0;
      let taken = 0;
      for (const y of yamlInputs) {
        for (const d of y.docs) {
          if (taken + (d.end - d.start) > bytes * HELPER_SHARE) break;
          taken += d.end - d.start;
          helperDocs++;
        }
        if (taken + 1 > bytes * HELPER_SHARE) break;
      }
      send({ type: 'parse', files: shared, documents: helperDocs, limits });

      let skip = helperDocs;
      for (const y of yamlInputs) {
        const file = inputs[y.input]?.file ?? '';
        for (const d of y.docs) {
          if (skip > 0) { skip--; continue; }
          y.outcomes[d.index] = readDocument(file, y.text, d, limits);
        }
      }
      for (const i of jsonInputs) {
        const input = inputs[i];
        if (input) parsed[i] = parseManifests(input.file, input.text, limits);
      }

      const byShared = new Map(yamlInputs.map((y) => [y.shared, y]));
      for (let m = next(); m && m.type !== 'parsed'; m = next()) {
        if (m.type !== 'documents') continue;
        const y = byShared.get(m.file);
        if (!y) continue;
        const values = JSON.parse(m.json) as JsonValue[];
        let v = 0;
        for (const o of m.outcomes) y.outcomes[o.doc] = outcomeOf(o, values, () => v++);
      }

      for (const y of yamlInputs) {
        const input = inputs[y.input];
        if (!input) continue;
        const out: ParsedText = { file: input.file, text: input.text, json: false, docs: y.docs, resources: [], errors: [], skipped: 0 };
        let skipped = 0;
        // Documents the helper did not answer for (it failed, or their values do not survive JSON) are read here.
        for (const d of y.docs) skipped += addDocument(out, d.index, y.outcomes[d.index] ?? readDocument(input.file, input.text, d, limits));
        y.outcomes.length = 0;
        parsed[y.input] = { ...out, skipped };
      }
      return gatherParsed(inputs, inputs.map((input, i) => parsed[i] ?? parseManifests(input.file, input.text, limits)));
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
          if (!alive || fi === undefined || !src || src.positions) {
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

function outcomeOf(o: HelperOutcome, values: readonly JsonValue[], nextValue: () => number): DocumentOutcome | undefined {
  if ('error' in o) return { error: o.error };
  if ('empty' in o) return null;
  if ('local' in o) return undefined;
  return { value: values[nextValue()] ?? null, line: o.line };
}
