import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { repoRoot } from './corpus.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured streams. */
export async function runCli(argv: readonly string[], options: { stdin?: string; env?: Record<string, string>; cwd?: string; tty?: boolean; stderrTty?: boolean } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  if (options.tty) Object.assign(stdout, { isTTY: true });
  if (options.stderrTty) Object.assign(stderr, { isTTY: true });
  const code = await main(argv, {
    stdin: Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []),
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? repoRoot(),
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
