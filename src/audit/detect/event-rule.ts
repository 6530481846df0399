import type { AuditView } from '../event.js';
import type { DetectOptions } from './options.js';

/** The per-event HK-AL rules: each says whether an event is a hit and why, without state. */
export interface Hit {
  readonly message: string;
  /** JSON pointer into the event of the field that decided. */
  readonly path: string;
  readonly phi: boolean;
  /** Hits with the same key are reported once (stages of one request, repeated use within an hour). */
  readonly key: string;
}

export type EventRule = (v: AuditView, o: DetectOptions) => Hit | undefined;

export const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
export const READ_VERBS = new Set(['get', 'list', 'watch']);

export const hour = (v: AuditView): string => (Number.isNaN(v.time) ? '' : new Date(v.time).toISOString().slice(0, 13));

/** Events seen at RequestReceived have no outcome yet; rules judge the later stages. */
export function judged(v: AuditView): boolean {
  return v.stage !== 'RequestReceived';
}

export function nsScope(v: AuditView, o: DetectOptions): boolean {
  return o.isPhi(v.namespace);
}
