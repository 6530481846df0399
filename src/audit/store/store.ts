import { createHash } from 'node:crypto';
import type { IncomingEvent } from '../event.js';
import { nodeHash } from '../merkle.js';

/** The contract both trail stores (SQLite, PostgreSQL) keep; the contract test suite runs against each. */
export interface AppendResult {
  readonly appended: number;
  /** Events already stored with the same auditID, stage and content. */
  readonly duplicates: number;
  /** Events whose auditID and stage are stored with different content: kept in the quarantine instead. */
  readonly conflicts: number;
  /** Quarantine rows this append added (rejected items and conflicts; an item already quarantined is kept once). */
  readonly quarantined: number;
  /** Tree size after the append. */
  readonly size: number;
}

export interface StoredLeaf {
  readonly seq: number;
  /** The lookup columns derived from the leaf; verify checks them against it. */
  readonly auditId: string;
  readonly stage: string;
  /** Leaf hash as stored; verify recomputes it from `leaf`. */
  readonly hash: Buffer;
  /** RFC 8785 leaf record bytes. */
  readonly leaf: Buffer;
}

export interface StoredCheckpoint {
  readonly id: number;
  readonly size: number;
  readonly note: string;
  readonly createdAt: string;
}

export interface AppendOptions {
  readonly receivedAt: string;
  readonly cluster?: string;
  /** Items that were received but are not events; kept raw in the quarantine in the same transaction. */
  readonly quarantine?: readonly QuarantineItem[];
}

/** Something received that is not in the log: a rejected item, or a conflicting duplicate of a stored event. */
export interface QuarantineItem {
  /** Why; names the field, never quotes a value. */
  readonly reason: string;
  /** Where it came from: "receiver" or FILE:LINE. */
  readonly source: string;
  /** The item as received (its JSON, or the raw line); PHI-bearing, never printed. */
  readonly raw: Buffer;
}

export interface QuarantineRow extends QuarantineItem {
  readonly id: number;
  readonly receivedAt: string;
  readonly cluster?: string;
  /** SHA-256 of raw, as stored; verify recomputes it. */
  readonly hash: Buffer;
  /** For a conflicting duplicate: its auditID and stage, and the entry holding the version in the log. */
  readonly auditId?: string;
  readonly stage?: string;
  readonly conflictsWith?: number;
}

export interface AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the store is, for messages; never holds a password. */
  readonly location: string;
  /**
   * Appends in one durable transaction; events already stored (same auditID, stage and content) are skipped, and
   * events whose auditID and stage are stored with other content go to the quarantine with `opts.quarantine`.
   */
  append(events: readonly IncomingEvent[], opts: AppendOptions): Promise<AppendResult>;
  /** Tree size recorded by the head counter. */
  size(): Promise<number>;
  /** Stored leaves with from <= seq < to, in sequence order, in chunks. */
  scan(from: number, to: number, chunk?: number): AsyncIterable<StoredLeaf[]>;
  /** Stored leaf hashes for seq in [from, to), in order; a missing row leaves a gap the caller notices by length. */
  leafHashes(from: number, to: number): Promise<Buffer[]>;
  /** Stored hashes of perfect subtrees at level >= NODE_CACHE_LEVEL, keyed "level/index". */
  nodes(wanted?: readonly (readonly [number, number])[]): Promise<Map<string, Buffer>>;
  leaf(seq: number): Promise<StoredLeaf | undefined>;
  findAuditId(auditID: string): Promise<{ seq: number; stage: string }[]>;
  /** Stores a signed checkpoint unless a larger one is already stored; returns whether it was stored. */
  addCheckpoint(size: number, note: string, createdAt: string): Promise<boolean>;
  checkpoints(): Promise<StoredCheckpoint[]>;
  /** Every quarantine row, oldest first. */
  quarantine(): Promise<QuarantineRow[]>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** Perfect subtrees from this level up are cached in the nodes table, so proofs read O(log n) rows. */
export const NODE_CACHE_LEVEL = 8;

export function nodeKey(level: number, index: number): string {
  return `${level}/${index}`;
}

/** Hash of a perfect subtree from its leaf hashes (length a power of two). */
export function perfectHash(hashes: readonly Buffer[]): Buffer {
  let layer: Buffer[] = [...hashes];
  while (layer.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < layer.length; i += 2) next.push(nodeHash(layer[i] as Buffer, layer[i + 1] as Buffer));
    layer = next;
  }
  const h = layer[0];
  if (!h) throw new RangeError('no leaves');
  return h;
}

export class StoreError extends Error {}

/** The quarantine row of a conflicting duplicate; the reason names the entry, never the content. */
export function conflictItem(e: IncomingEvent, seq: number, source: string): QuarantineItem {
  return { reason: `conflicting duplicate: the auditID and stage of entry ${seq} with different content`, source: e.source ?? source, raw: Buffer.from(e.canonical, 'utf8') };
}

export function quarantineHash(raw: Buffer): Buffer {
  return createHash('sha256').update(raw).digest();
}
