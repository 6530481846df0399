/** Seeded mutations of manifest files, each wrapped between two sentinel documents that must survive the scan. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prng } from '../src/audit/synthetic.js';
import { manifestFiles } from '../test/support/corpus.js';

export interface FuzzCase {
  readonly name: string;
  readonly bytes: Buffer;
}

export const SENTINELS = ['fuzz-sentinel-before', 'fuzz-sentinel-after'] as const;

const sentinel = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  k: v\n`;

type Mutation = (text: Buffer, rnd: () => number) => Buffer;
const at = (b: Buffer, rnd: () => number): number => Math.floor(rnd() * Math.max(1, b.length));
const lines = (b: Buffer): string[] => b.toString('utf8').split('\n');

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'byte flip': (b, rnd) => { const c = Buffer.from(b); const i = at(c, rnd); if (c.length > 0) c[i] = (c[i] ?? 0) ^ (1 << Math.floor(rnd() * 8)); return c; },
  truncation: (b, rnd) => b.subarray(0, at(b, rnd)),
  'indentation shift': (b, rnd) => { const l = lines(b); const i = Math.floor(rnd() * l.length); l[i] = (rnd() < 0.5 ? ' ' : '   ') + (l[i] ?? ''); return Buffer.from(l.join('\n')); },
  'duplicate key': (b, rnd) => { const l = lines(b); const i = Math.floor(rnd() * l.length); l.splice(i, 0, l[i] ?? ''); return Buffer.from(l.join('\n')); },
  'deep nesting': (b, rnd) => { const d = 50 + Math.floor(rnd() * 5000); return Buffer.concat([b, Buffer.from(`\nx: ${'['.repeat(d)}${']'.repeat(rnd() < 0.5 ? d : 0)}\n`)]); },
  'huge scalar': (b, rnd) => Buffer.concat([b, Buffer.from(`\nhuge: ${'Aa-:/.='.charAt(Math.floor(rnd() * 7)).repeat(64 * 1024 + Math.floor(rnd() * 192 * 1024))}\n`)]),
  tab: (b, rnd) => { const l = lines(b); const i = Math.floor(rnd() * l.length); l[i] = '\t' + (l[i] ?? '').trimStart(); return Buffer.from(l.join('\n')); },
  anchor: (b, rnd) => { const l = lines(b); const i = Math.floor(rnd() * l.length); l[i] = `${l[i] ?? ''} &a${Math.floor(rnd() * 3)}`; l.push('ref: *a0', 'ref2: [*a1, *a1, *a1]'); return Buffer.from(l.join('\n')); },
  tag: (b, rnd) => { const tags = ['!!binary', '!!set', '!!omap', '!custom', '!!int', '!!str', '!!js/function']; const l = lines(b); const i = Math.floor(rnd() * l.length); l[i] = (l[i] ?? '').replace(/: /, `: ${tags[Math.floor(rnd() * tags.length)] ?? '!x'} `); return Buffer.from(l.join('\n')); },
  'invalid UTF-8': (b, rnd) => { const i = at(b, rnd); return Buffer.concat([b.subarray(0, i), Buffer.from([[0xff, 0xc3, 0xe9, 0x80, 0xed][Math.floor(rnd() * 5)] ?? 0xff]), b.subarray(i)]); },
  'NUL byte': (b, rnd) => { const i = at(b, rnd); return Buffer.concat([b.subarray(0, i), Buffer.from([0]), b.subarray(i)]); },
};


/** `count` cases from `seed`: a corpus YAML file (under 64 KiB), one or two mutations, between the sentinels. */
export function fuzzCases(corpus: string, seed: number, count: number): FuzzCase[] {
  const rnd = prng(seed);
  const files = manifestFiles(corpus).filter((f) => readFileSync(f).length < 64 * 1024);
  const names = Object.keys(MUTATIONS);
  const out: FuzzCase[] = [];
  for (let n = 0; n < count && files.length > 0; n++) {
    const file = files[Math.floor(rnd() * files.length)] ?? '';
    let body: Buffer = Buffer.from(readFileSync(file));
    const applied: string[] = [];
    for (let k = 0; k < 1 + Math.floor(rnd() * 2); k++) {
      const m = names[Math.floor(rnd() * names.length)] ?? 'truncation';
      body = (MUTATIONS[m] ?? ((b: Buffer) => b))(body, rnd);
      applied.push(m);
    }
    const bytes = Buffer.concat([Buffer.from(sentinel(SENTINELS[0]) + '---\n'), body, Buffer.from('\n---\n' + sentinel(SENTINELS[1]))]);
    out.push({ name: `#${n} ${path.relative(corpus, file)}: ${applied.join(' + ')}`, bytes });
  }
  return out;
}
