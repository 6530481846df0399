import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { InputError } from '../core/finding.js';
import type { TextInput } from './inputs.js';
import { invalidUtf8Errors } from './invalid-utf8.js';
import { isNodeFileName } from './node-files.js';

export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** Files larger than this are refused with an error rather than read into memory. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface ReadResult {
  readonly inputs: TextInput[];
  readonly errors: InputError[];
}

function isManifestName(p: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(p).toLowerCase());
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

async function walk(dir: string, out: string[], errors: InputError[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({ file: dir, line: 0, column: 0, message: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await walk(p, out, errors);
    } else if (e.isFile() && (isManifestName(p) || isNodeFileName(p))) {
      out.push(p);
    }
  }
}

async function walkFrom(dir: string, errors: InputError[]): Promise<string[]> {
  const out: string[] = [];
  await walk(dir, out, errors);
  return out;
}

/**
 * Binary as a whole: over 5% of the first 8 KiB are NUL bytes or invalid UTF-8. A stray NUL in a text file is left to the
 * parser, a stray Latin-1 byte to invalidUtf8Errors: each reports the one document holding it, with its line.
 */
export function looksBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 8192);
  let bad = 0;
  for (const b of sample) if (b === 0) bad++;
  for (const c of new TextDecoder('utf-8').decode(sample)) if (c === '\uFFFD') bad++;
  return bad > 0 && bad * 20 > sample.length;
}

async function readOne(file: string, errors: InputError[]): Promise<TextInput | undefined> {
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) {
      errors.push({ file, line: 0, column: 0, message: `file is ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit; split it` });
      return undefined;
    }
    const handle = await open(file, 'r');
    try {
      const buf = await handle.readFile();
      if (looksBinary(buf)) {
        errors.push({ file, line: 0, column: 0, message: 'binary file (NUL bytes): not YAML or JSON' });
        return undefined;
      }
      const text = buf.toString('utf8');
      errors.push(...invalidUtf8Errors(file, buf, text));
      return { file, text };
    } finally {
      await handle.close();
    }
  } catch (e) {
    errors.push({ file, line: 0, column: 0, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  }
}

export async function readStream(stream: Readable, limit = MAX_FILE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) throw new Error(`standard input is over the ${limit}-byte limit`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads the given paths: files as named (whatever their extension), directories recursively for
 * .yaml/.yml/.json and node configuration files, `-` for standard input. Problems become error entries.
 */
export async function readInputs(paths: readonly string[], stdin: Readable, cwd: string): Promise<ReadResult> {
  const inputs: TextInput[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      try {
        const buf = await readStream(stdin);
        if (looksBinary(buf)) errors.push({ file: '<stdin>', line: 0, column: 0, message: 'binary input (NUL bytes): not YAML or JSON' });
        else {
          const text = buf.toString('utf8');
          errors.push(...invalidUtf8Errors('<stdin>', buf, text));
          inputs.push({ file: '<stdin>', text });
        }
      } catch (e) {
        errors.push({ file: '<stdin>', line: 0, column: 0, message: (e as Error).message });
      }
      continue;
    }
    const abs = path.resolve(cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch (e) {
      errors.push({ file: p, line: 0, column: 0, message: `no such file or directory (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    const files: string[] = [];
    // Walk from the resolved directory (cwd need not be the process's), naming files as the user named the directory.
    if (info.isDirectory()) for (const f of await walkFrom(abs, errors)) files.push(path.join(p, path.relative(abs, f)));
    else files.push(p);
    for (const f of files) {
      const key = path.resolve(cwd, f);
      if (seen.has(key)) continue;
      seen.add(key);
      const input = await readOne(path.isAbsolute(f) ? f : path.join(cwd, f), errors);
      if (input) inputs.push({ file: f, text: input.text });
    }
  }
  return { inputs, errors };
}
