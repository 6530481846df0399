import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';

const CLINIC = path.join(REPO_ROOT, 'examples', 'clinic');

async function freshBundle(keyDir: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-bundle-'));
  const r = await runCli(['report', '--bundle', path.join(dir, 'b'), '--key', path.join(keyDir, 'k.key'), CLINIC, '--now', '2026-11-01T00:00:00Z']);
  assert.equal(r.code, 0, r.stderr);
  return path.join(dir, 'b');
}

async function verify(bundle: string, pub: string): Promise<{ code: number; stderr: string }> {
  return runCli(['verify-bundle', bundle, '--public-key', pub]);
}

describe('phiguard report --bundle and verify-bundle', () => {
  let keys: string;
  before(async () => {
    keys = mkdtempSync(path.join(tmpdir(), 'phiguard-keys-'));
    assert.equal((await runCli(['audit', 'keygen', '--name', 'evidence.example', '--out', path.join(keys, 'k')])).code, 0);
    assert.equal((await runCli(['audit', 'keygen', '--name', 'evidence.example', '--out', path.join(keys, 'other')])).code, 0);
    assert.equal(statSync(path.join(keys, 'k.key')).mode & 0o777, 0o600);
  });

  it('says on stderr which input could not be read, as scan does', async () => {
    const inputs = mkdtempSync(path.join(tmpdir(), 'phiguard-bundle-in-'));
    writeFileSync(path.join(inputs, 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n');
    const out = mkdtempSync(path.join(tmpdir(), 'phiguard-bundle-'));
    const r = await runCli(['report', '--bundle', path.join(out, 'b'), '--key', path.join(keys, 'k.key'), inputs, '--now', '2026-11-01T00:00:00Z']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml:\d+:\d+: /);
  });

  it('writes every format, input digests, catalog, config and waivers, and verifies intact', async () => {
    const b = await freshBundle(keys);
    for (const f of ['results.json', 'results.sarif', 'results.junit.xml', 'results.md', 'results.csv', 'results.policyreport.yaml', 'results.txt', 'inputs.json', 'catalog.json', 'config.json', 'waivers.json', 'MANIFEST.note']) {
      assert.ok(statSync(path.join(b, f)).size > 0, f);
    }
    const inputs = (JSON.parse(readFileSync(path.join(b, 'inputs.json'), 'utf8')) as { inputs: { file: string; sha256: string }[] }).inputs;
    assert.ok(inputs.length >= 6 && inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256)));
    const r = await verify(b, path.join(keys, 'k.pub'));
    assert.equal(r.code, 0, r.stderr);
  });

  it('names a file with one byte altered', async () => {
    const b = await freshBundle(keys);
    const f = path.join(b, 'results.csv');
    chmodSync(f, 0o644);
    const bytes = readFileSync(f);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    writeFileSync(f, bytes);
    const r = await verify(b, path.join(keys, 'k.pub'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /results\.csv: changed/);
  });

  it('names an added and a removed file', async () => {
    const b = await freshBundle(keys);
    writeFileSync(path.join(b, 'extra.txt'), 'not evidence\n');
    chmodSync(b, 0o755);
    rmSync(path.join(b, 'results.md'), { force: true });
    const r = await verify(b, path.join(keys, 'k.pub'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /extra\.txt: added/);
    assert.match(r.stderr, /results\.md: removed/);
  });

  it('catches a forged signature, another key, and a missing manifest', async () => {
    const b = await freshBundle(keys);
    const m = path.join(b, 'MANIFEST.note');
    chmodSync(m, 0o644);
    const note = readFileSync(m, 'utf8');
    // Same manifest, the signature's last bytes replaced: what a forger without the key can do.
    const lines = note.split('\n');
    const sig = lines[lines.length - 2] ?? '';
    lines[lines.length - 2] = sig.slice(0, -6) + (sig.endsWith('AAAA==') ? 'BBBB==' : 'AAAA==');
    writeFileSync(m, lines.join('\n'));
    let r = await verify(b, path.join(keys, 'k.pub'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MANIFEST\.note: bad signature/);
    writeFileSync(m, note);
    r = await verify(b, path.join(keys, 'other.pub'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MANIFEST\.note: bad signature/);
    rmSync(m);
    r = await verify(b, path.join(keys, 'k.pub'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MANIFEST\.note: missing/);
  });
});
