import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';

/** Parsed option values of an audit subcommand, read by name. */
export type Opts = Readonly<Record<string, string | boolean | string[] | undefined>>;

export function str(v: Opts, name: string, required = false): string | undefined {
  const x = v[name];
  if (typeof x === 'string' && x !== '') return x;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

export function list(v: Opts, name: string): string[] {
  const x = v[name];
  return Array.isArray(x) ? x : typeof x === 'string' ? [x] : [];
}

export function int(v: Opts, name: string, def: number, min = 0): number {
  const s = str(v, name);
  if (s === undefined) return def;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number >= ${min}`);
  return n;
}

export function readText(io: CliIo, file: string, what: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}
