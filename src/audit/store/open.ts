import type { AuditStore } from './store.js';
import { openSqliteStore } from './sqlite.js';

/** `--store` values: a postgres:// or postgresql:// URL, otherwise a SQLite file path. */
export function isPostgresSpec(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

export async function openStore(spec: string, opts: { synchronous?: 'FULL' | 'NORMAL' } = {}): Promise<AuditStore> {
  // pg is loaded only for a PostgreSQL trail: a SQLite user, or a scan that never opens a store, does not pay for it.
  if (isPostgresSpec(spec)) return (await import('./postgres.js')).openPostgresStore(spec);
  return openSqliteStore(spec, opts.synchronous ? { synchronous: opts.synchronous } : {});
}
