import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';

/** Shared test plumbing for the audit tests: temp dirs, the corpus and the PostgreSQL URL. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const CORPUS = join(REPO, '..', 'shared', 'corpus');
export const FALCO = join(CORPUS, 'falco-k8s-audit');
export const RUNNER = join(REPO, 'build', 'test', 'audit', 'run-audit.js');

export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'phiguard-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The corpus directory, or undefined after skipping (failing under CI=true) when it is missing. */
export function corpusOrSkip(t: TestContext, dir: string = FALCO): string | undefined {
  if (existsSync(dir)) return dir;
  const msg = `corpus not found at ${dir}; clone the shared corpus next to the repo (../shared/corpus)`;
  if (process.env['CI'] === 'true') assert.fail(msg);
  t.skip(msg);
  return undefined;
}

/** PHIGUARD_TEST_PG_URL with a fresh schema for this run, or undefined after skipping (failing under CI=true). */
export function pgUrlOrSkip(t: TestContext): string | undefined {
  const base = process.env['PHIGUARD_TEST_PG_URL'];
  if (!base) {
    const msg = 'PHIGUARD_TEST_PG_URL is not set; run `export PHIGUARD_TEST_PG_URL=$(bash scripts/start-postgres.sh | tail -1)`';
    if (process.env['CI'] === 'true') assert.fail(msg);
    t.skip(msg);
    return undefined;
  }
  const u = new URL(base);
  u.searchParams.set('schema', `t_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`);
  return u.toString();
}

/** Drops the schema a test run created in PostgreSQL. */
export async function dropPgSchema(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  if (!schema || !/^[a-z0-9_]+$/.test(schema)) return;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

/** Runs `phiguard audit ...` in-process with captured output. */
export async function runAudit(args: readonly string[], cwd: string, stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const { PassThrough, Readable } = await import('node:stream');
  const { auditCommand } = await import('../../src/cli/audit.js');
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  const errs: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  err.on('data', (c: Buffer) => errs.push(c));
  let code: number;
  try {
    code = await auditCommand.run(args, { stdin: Readable.from([stdinText]), stdout: out, stderr: err, env: {}, cwd });
  } catch (e) {
    errs.push(Buffer.from(String((e as Error).message)));
    code = 2;
  }
  return { code, stdout: Buffer.concat(chunks).toString(), stderr: Buffer.concat(errs).toString() };
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl at test time. */
export async function makePki(dir: string): Promise<{ ca: string; cert: string; key: string; clientCert: string; clientKey: string; otherCert: string; otherKey: string }> {
  const { execFileSync } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const p = (f: string): string => join(dir, f);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=phiguard test CA');
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=localhost');
  ssl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.crt'), '-days', '1', '-extfile', p('server.ext'));
  writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('client.key'), '-out', p('client.csr'), '-subj', '/CN=kube-apiserver');
  ssl('x509', '-req', '-in', p('client.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('client.crt'), '-days', '1', '-extfile', p('client.ext'));
  // A client certificate from an unrelated CA, which must be refused.
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('other.key'), '-out', p('other.crt'), '-days', '1', '-subj', '/CN=intruder');
  return { ca: p('ca.crt'), cert: p('server.crt'), key: p('server.key'), clientCert: p('client.crt'), clientKey: p('client.key'), otherCert: p('other.crt'), otherKey: p('other.key') };
}

export interface PostResult {
  readonly status: number;
  readonly body: string;
}

/** POSTs over HTTPS with the given client identity. */
export async function httpsRequest(port: number, opts: { method?: string; path?: string; body?: string | Buffer; ca: string; cert?: string; key?: string; token?: string }): Promise<PostResult> {
  const https = await import('node:https');
  const { readFileSync } = await import('node:fs');
  return new Promise((resolveP, reject) => {
    const req = https.request({
      host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/audit',
      ca: readFileSync(opts.ca), ...(opts.cert ? { cert: readFileSync(opts.cert) } : {}), ...(opts.key ? { key: readFileSync(opts.key) } : {}),
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveP({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}
