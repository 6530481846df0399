import { createRequire } from 'node:module';

/**
 * The few SQLite calls the trail needs, over Node's built-in node:sqlite where it exists (Node 22.13+, 24) and
 * better-sqlite3 elsewhere (Node 20). better-sqlite3 12 is not used on Node 24: its ObjectWrap finalizers can run
 * without a current Environment there and abort the process (fixed only in v13, which needs Node 22+).
 */
export interface SqlStatement<P extends unknown[], R> {
  run(...params: P): { readonly changes: number | bigint };
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
}

export interface SqlDatabase {
  readonly driver: 'node:sqlite' | 'better-sqlite3';
  exec(sql: string): void;
  prepare<P extends unknown[] = unknown[], R = Record<string, unknown>>(sql: string): SqlStatement<P, R>;
  /** Rows as arrays of column values, in select order. */
  prepareRaw<P extends unknown[] = unknown[], R extends unknown[] = unknown[]>(sql: string): SqlStatement<P, R>;
  /** Runs fn in a BEGIN IMMEDIATE transaction: committed when it returns, rolled back when it throws. */
  immediate<T>(fn: () => T): T;
  close(): void;
}

interface NodeSqliteStatement {
  run(...p: unknown[]): { changes: number | bigint };
  get(...p: unknown[]): unknown;
  all(...p: unknown[]): unknown[];
  iterate(...p: unknown[]): IterableIterator<unknown>;
  setReturnArrays?(enabled: boolean): void;
}
interface NodeSqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
  readonly isTransaction?: boolean;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean }) => NodeSqliteDatabase;
  StatementSync?: { prototype: { setReturnArrays?: unknown } };
}
interface BetterStatement {
  run(...p: unknown[]): { changes: number | bigint };
  get(...p: unknown[]): unknown;
  all(...p: unknown[]): unknown[];
  iterate(...p: unknown[]): IterableIterator<unknown>;
  raw(enabled: boolean): BetterStatement;
}
interface BetterDatabase {
  exec(sql: string): void;
  prepare(sql: string): BetterStatement;
  close(): void;
  readonly inTransaction: boolean;
}
type BetterConstructor = new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => BetterDatabase;

/** node:sqlite hands BLOBs back as Uint8Array; the trail works with Buffers (without copying). */
function buffers(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  if (row instanceof Uint8Array && !Buffer.isBuffer(row)) return Buffer.from(row.buffer, row.byteOffset, row.byteLength);
  const r = row as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) r[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}

function wrapNode<P extends unknown[], R>(s: NodeSqliteStatement): SqlStatement<P, R> {
  return {
    run: (...p) => s.run(...p),
    get: (...p) => buffers(s.get(...p)) as R | undefined,
    all: (...p) => s.all(...p).map(buffers) as R[],
    *iterate(...p) {
      for (const row of s.iterate(...p)) yield buffers(row) as R;
    },
  };
}

function transaction<T>(exec: (sql: string) => void, inTransaction: () => boolean, fn: () => T): T {
  exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    exec('COMMIT');
    return result;
  } catch (e) {
    if (inTransaction()) exec('ROLLBACK');
    throw e;
  }
}

function openNode(mod: NodeSqliteModule, file: string, readonly: boolean): SqlDatabase {
  const db = new mod.DatabaseSync(file, readonly ? { readOnly: true } : {});
  return {
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: <P extends unknown[], R>(sql: string) => wrapNode<P, R>(db.prepare(sql)),
    prepareRaw: <P extends unknown[], R extends unknown[]>(sql: string) => {
      const s = db.prepare(sql);
      s.setReturnArrays?.(true);
      return wrapNode<P, R>(s);
    },
    immediate: (fn) => transaction((sql) => db.exec(sql), () => db.isTransaction === true, fn),
    close: () => db.close(),
  };
}

function openBetter(Database: BetterConstructor, file: string, readonly: boolean): SqlDatabase {
  const db = new Database(file, readonly ? { readonly: true, fileMustExist: true } : {});
  const wrap = <P extends unknown[], R>(s: BetterStatement): SqlStatement<P, R> => ({
    run: (...p) => s.run(...p),
    get: (...p) => s.get(...p) as R | undefined,
    all: (...p) => s.all(...p) as R[],
    iterate: (...p) => s.iterate(...p) as IterableIterator<R>,
  });
  return {
    driver: 'better-sqlite3',
    exec: (sql) => db.exec(sql),
    prepare: <P extends unknown[], R>(sql: string) => wrap<P, R>(db.prepare(sql)),
    prepareRaw: <P extends unknown[], R extends unknown[]>(sql: string) => wrap<P, R>(db.prepare(sql).raw(true)),
    immediate: (fn) => transaction((sql) => db.exec(sql), () => db.inTransaction, fn),
    close: () => db.close(),
  };
}

/** Opens (creating unless readonly) the SQLite file with whichever driver this Node.js should use. */
export function openSqlite(file: string, options: { readonly?: boolean } = {}): SqlDatabase {
  const readonly = options.readonly === true;
  const builtin = process.getBuiltinModule?.('node:sqlite') as NodeSqliteModule | undefined;
  // Row arrays (setReturnArrays) arrived in Node 22.16; older builtin modules fall back to better-sqlite3.
  if (builtin && typeof builtin.StatementSync?.prototype.setReturnArrays === 'function') return openNode(builtin, file, readonly);
  let Database: BetterConstructor;
  try {
    Database = createRequire(import.meta.url)('better-sqlite3') as BetterConstructor;
  } catch (e) {
    throw new Error(`SQLite needs Node.js 22.16+ (built-in node:sqlite) or the optional package better-sqlite3, which did not load: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  return openBetter(Database, file, readonly);
}
