import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/corpus.js';

const BIN = path.join(REPO_ROOT, 'bin', 'phiguard.js');

/** Runs the CLI and closes its stdout after the first chunk, as `| head -1` does; resolves with its exit and stderr. */
function runIntoClosedPipe(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that goes away (phiguard ... | head)', () => {
  for (const args of [
    ['controls'],
    ['scan', path.join(REPO_ROOT, 'examples', 'clinic')],
    ['access', 'who-can', 'get', 'secrets', path.join(REPO_ROOT, 'examples', 'clinic')],
  ]) {
    it(`ends "${args[0]}" quietly, with no stack trace`, async () => {
      const { code, stderr } = await runIntoClosedPipe(args);
      assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event|\n\s+at /);
      assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    });
  }
});
