import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { leafHash } from '../../src/audit/merkle.js';
import { REPO_ROOT } from '../support/corpus.js';

const BUNDLE = path.join(REPO_ROOT, 'build', 'bundle');

/** Waits for the next message on `port`, polling: the bundled helper signals through Atomics, which this test ignores. */
async function nextMessage(port: MessagePort): Promise<unknown> {
  for (let i = 0; i < 500; i++) {
    const got = receiveMessageOnPort(port);
    if (got) return got.message;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no message from the worker in 5 s');
}

/** The external packages a bundled module loads before it runs: its static imports and those of the chunks it imports. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(path.join(BUNDLE, file), 'utf8').matchAll(/^import\s(?:[^;]*?\sfrom\s*)?"([^"]+)"/gms)) {
      const spec = m[1] ?? '';
      if (spec.startsWith('./')) walk(spec.slice(2));
      else packages.add(spec);
    }
  };
  walk(entry);
  return packages;
}

describe('the CLI bundle (npm run build)', () => {
  it('a file scan does not load the Kubernetes client or pg: they cost most of a second at every start', () => {
    const scan = readdirSync(BUNDLE).find((f) => /^scan-[A-Z0-9]+\.js$/.test(f));
    assert.ok(scan, 'the scan command has its own chunk');
    const loaded = staticPackages(scan);
    assert.ok(loaded.has('js-yaml'), `the walk sees the scan's own imports (${[...loaded].join(', ')})`);
    for (const heavy of ['@kubernetes/client-node', 'pg', 'yaml']) assert.ok(!loaded.has(heavy), `scan loads ${heavy} at start`);
  });

  it('holds the CLI and both worker scripts side by side, where the code that starts the workers looks', () => {
    for (const f of ['main.js', 'helper-worker.js', 'leaf-hash-worker.js']) assert.ok(existsSync(path.join(BUNDLE, f)), `${f} is in build/bundle`);
  });

  it('runs bin/phiguard.js from the bundle: version and a scan of the example', () => {
    const bin = path.join(REPO_ROOT, 'bin', 'phiguard.js');
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    const scan = spawnSync(process.execPath, [bin, 'scan', path.join(REPO_ROOT, 'examples', 'clinic'), '--format', 'json'], { encoding: 'utf8' });
    assert.equal(scan.status, 1, scan.stderr);
    const report = JSON.parse(scan.stdout) as { tool: { name: string }; findings: unknown[] };
    assert.equal(report.tool.name, 'phiguard');
    assert.ok(report.findings.length > 10);
  });

  it('starts the bundled helper worker, which locates a field in a file it was given', async () => {
    const signal = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    const worker = new Worker(path.join(BUNDLE, 'helper-worker.js'), { workerData: { signal, port: channel.port2 }, transferList: [channel.port2] });
    try {
      assert.deepEqual(await nextMessage(channel.port1), { type: 'ready' });
      const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n';
      channel.port1.postMessage({ type: 'files', files: [{ file: 'p.yaml', json: false, text }] });
      channel.port1.postMessage({ type: 'locate', asks: [[0, 0, '', '/spec/hostNetwork']] });
      assert.deepEqual(await nextMessage(channel.port1), { type: 'located', at: [[6, 3]] });
    } finally {
      channel.port1.close();
      await worker.terminate();
    }
  });

  it('starts the bundled leaf-hash worker, which hashes as merkle.ts does', async () => {
    const worker = new Worker(path.join(BUNDLE, 'leaf-hash-worker.js'));
    try {
      const leaves = [Buffer.from('first event'), Buffer.from('second event')];
      const data = Buffer.concat(leaves);
      const ends = new Uint32Array([leaves[0]!.length, data.length]);
      const answer = new Promise<{ id: number; hashes: ArrayBuffer }>((resolve) => worker.once('message', resolve));
      const copy = new Uint8Array(data).buffer;
      worker.postMessage({ id: 7, data: copy, ends: ends.buffer }, [copy, ends.buffer]);
      const got = await answer;
      assert.equal(got.id, 7);
      assert.deepEqual(Buffer.from(got.hashes), Buffer.concat(leaves.map((l) => leafHash(l))));
    } finally {
      await worker.terminate();
    }
  });
});
