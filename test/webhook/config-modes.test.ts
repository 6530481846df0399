import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { configFromObject, ConfigError } from '../../src/config/load.js';
import type { JsonObject } from '../../src/core/resource.js';
import { REPO_ROOT } from '../support/corpus.js';
import { deployment, privilegedPodSpec, review } from './objects.js';
import type { CertPair } from './tls-fixture.js';
import { makeCert, post } from './tls-fixture.js';

/** Webhook modes from .phiguard.yaml, through the real `phiguard webhook` command over TLS; flags win over the file. */

const pair: CertPair | undefined = makeCert();
const skip = pair === undefined ? 'openssl is not installed: the webhook TLS tests need it (they fail under CI=true)' : false;
const BIN = path.join(REPO_ROOT, 'bin', 'phiguard.js');

const CONFIG = `phiNamespaces: [ehr]
webhook:
  phiMode: warn
  defaultMode: enforce
  namespaceModes:
    sandbox: audit
  bodyLimit: 4096
`;

function startCli(cwd: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'webhook', '--port', '0', '--tls-cert', (pair as CertPair).cert, '--tls-key', (pair as CertPair).key, ...args],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBERNETES_SERVICE_HOST: '' } });
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString('utf8');
      const m = /listening on :(\d+)/.exec(seen);
      if (m) resolve({ child, port: Number(m[1]) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`webhook exited with ${code}: ${seen}`)));
  });
}

interface Answer { response: { allowed: boolean; warnings?: string[]; auditAnnotations: Record<string, string> } }

describe('webhook modes set in .phiguard.yaml', { skip }, () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill('SIGTERM');
    rmSync(path.join((pair as CertPair).dir, '.phiguard.yaml'), { force: true });
  });
  const outcome = async (port: number, object: JsonObject): Promise<string> => {
    const r = await post(port, (pair as CertPair).pem, JSON.stringify(review(object)));
    assert.equal(r.status, 200, r.body);
    return (JSON.parse(r.body) as Answer).response.auditAnnotations['outcome'] ?? '';
  };

  it('applies phiMode, defaultMode, namespaceModes and bodyLimit from the file', async () => {
    const dir = (pair as CertPair).dir;
    writeFileSync(path.join(dir, '.phiguard.yaml'), CONFIG);
    const { child, port } = await startCli(dir, []);
    children.push(child);
    assert.equal(await outcome(port, deployment('ehr', privilegedPodSpec())), 'warn', 'phiMode: warn');
    assert.equal(await outcome(port, deployment('web', privilegedPodSpec())), 'deny', 'defaultMode: enforce');
    assert.equal(await outcome(port, deployment('sandbox', privilegedPodSpec())), 'audit', 'namespaceModes.sandbox: audit');
    const big = await post(port, (pair as CertPair).pem, JSON.stringify({ ...review(deployment('web', privilegedPodSpec())), pad: 'x'.repeat(5000) }));
    assert.equal(big.status, 413, 'bodyLimit: 4096');
  });

  it('lets the command-line flags win over the file', async () => {
    const dir = (pair as CertPair).dir;
    writeFileSync(path.join(dir, '.phiguard.yaml'), CONFIG);
    const { child, port } = await startCli(dir, ['--phi-mode', 'enforce', '--namespace-mode', 'sandbox=warn', '--body-limit', '65536']);
    children.push(child);
    assert.equal(await outcome(port, deployment('ehr', privilegedPodSpec())), 'deny');
    assert.equal(await outcome(port, deployment('sandbox', privilegedPodSpec())), 'warn');
    assert.equal(await outcome(port, deployment('web', privilegedPodSpec())), 'deny', 'defaultMode still from the file');
  });

  it('refuses an unknown mode with the file and line, before listening', () => {
    const dir = (pair as CertPair).dir;
    writeFileSync(path.join(dir, '.phiguard.yaml'), CONFIG.replace('sandbox: audit', 'sandbox: block'));
    const r = spawnSync(process.execPath, [BIN, 'webhook', '--port', '0', '--tls-cert', (pair as CertPair).cert, '--tls-key', (pair as CertPair).key], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /\.phiguard\.yaml:6: \/webhook\/namespaceModes\/sandbox must be equal to one of the allowed values/);
    assert.throws(() => configFromObject({ webhook: { phiMode: 'deny' } }, 'c.yaml', 'webhook:\n  phiMode: deny\n'), ConfigError);
    assert.throws(() => configFromObject({ webhook: { bodyLimit: 10 } }, 'c.yaml', 'webhook:\n  bodyLimit: 10\n'), /bodyLimit must be >= 1024/);
  });
});
