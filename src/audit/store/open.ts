import type { AuditStore } from './store.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

/** `--store` values: a postgres:// or postgresql:// URL, otherwise a SQLite file path. */
export function isPostgresSpec(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

export async function openStore(spec: string, opts: { synchronous?: 'FULL' | 'NORMAL' } = {}): Promise<AuditStore> {
  if (isPostgresSpec(spec)) return openPostgresStore(spec);
  return openSqliteStore(spec, opts.synchronous ? { synchronous: opts.synchronous } : {});
}
