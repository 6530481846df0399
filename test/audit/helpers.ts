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
