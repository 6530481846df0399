import type { JsonObject } from '../core/resource.js';
import { asArray, asObject, asString } from '../core/resource.js';
import { bindingChanges } from './binding.js';
import type { AccessAction } from './grant.js';
import { grantFacts } from './grant.js';
import type { RoleRef } from './policy.js';
import type { RequestState } from './state.js';
import { isClosed } from './state.js';

/**
 * One reconcile pass as data: from the folded records and the grant bindings found in the cluster, what to delete and
 * what to record. Each action deletes first and records after, so a crash in between is found again by the next pass.
 */
export interface ReconcileAction {
  readonly action: Extract<AccessAction, 'expired' | 'tampered' | 'repaired'>;
  readonly id: string;
  /** The binding to delete first, when one exists. */
  readonly binding?: { readonly namespace: string; readonly name: string };
  /** For a binding with no records at all: what the record must say about it. */
  readonly orphan?: { readonly namespace: string; readonly role: RoleRef; readonly requester: string; readonly breakGlass: boolean };
  readonly note: string;
}

export interface ReconcileInput {
  readonly states: ReadonlyMap<string, RequestState>;
  /** Every RoleBinding carrying the grant label. */
  readonly bindings: readonly JsonObject[];
  readonly now: number;
  /** Leave alone grants younger than this (ms): another broker process may be between its create and its record. */
  readonly graceMs: number;
}

function ageMs(at: string | undefined, now: number): number {
  const t = at === undefined ? NaN : Date.parse(at);
  return Number.isNaN(t) ? Infinity : now - t;
}

function roleOf(binding: JsonObject): RoleRef {
  const ref = asObject(binding['roleRef']) ?? {};
  return { kind: asString(ref['kind']) === 'Role' ? 'Role' : 'ClusterRole', name: asString(ref['name']) ?? '' };
}

export function planReconcile(input: ReconcileInput): ReconcileAction[] {
  const out: ReconcileAction[] = [];
  const seen = new Set<string>();
  for (const b of input.bindings) {
    const facts = grantFacts(b);
    const meta = asObject(b['metadata']) ?? {};
    const where = { namespace: asString(meta['namespace']) ?? '', name: asString(meta['name']) ?? '' };
    if (!facts) continue;
    seen.add(facts.requestId);
    const s = input.states.get(facts.requestId);
    if (!s) {
      if (ageMs(facts.grantedAt ?? asString(meta['creationTimestamp']), input.now) < input.graceMs) continue;
      const subject = asString(asObject(asArray(b['subjects'])[0])?.['name']);
      out.push({ action: 'repaired', id: facts.requestId, binding: where, note: 'a binding labelled as a grant with no access record at all was removed',
        orphan: { namespace: where.namespace, role: roleOf(b), requester: facts.requester ?? subject ?? '(unknown)', breakGlass: facts.breakGlass } });
    } else if (s.status === 'granted') {
      const changes = bindingChanges(b, s);
      if (changes.length > 0) out.push({ action: 'tampered', id: s.id, binding: where, note: `grant binding changed outside the broker: ${changes.join('; ')}; removed` });
      else if (s.expires !== undefined && Date.parse(s.expires) <= input.now) out.push({ action: 'expired', id: s.id, binding: where, note: `expired at ${s.expires}; binding removed` });
    } else if (isClosed(s)) {
      out.push({ action: 'repaired', id: s.id, binding: where, note: `the request is ${s.status} but its grant binding was still there; removed` });
    } else if (ageMs(facts.grantedAt, input.now) >= input.graceMs) {
      out.push({ action: 'repaired', id: s.id, binding: where, note: 'a grant binding was created but its granted record is missing (the broker stopped in between); removed, request again' });
    }
  }
  for (const s of input.states.values()) {
    if (seen.has(s.id) || isClosed(s)) continue;
    if (s.status === 'granted') {
      if (s.expires !== undefined && Date.parse(s.expires) <= input.now) out.push({ action: 'expired', id: s.id, note: `expired at ${s.expires}; its binding was already gone` });
      else if (ageMs(s.grantedAt, input.now) >= input.graceMs) out.push({ action: 'tampered', id: s.id, note: 'the grant binding was deleted outside the broker' });
    } else if (s.status === 'approved') {
      const last = s.records[s.records.length - 1];
      if (ageMs(last?.at, input.now) >= input.graceMs) out.push({ action: 'repaired', id: s.id, note: 'approved, but no grant binding was made (the broker stopped before creating it); request again' });
    }
  }
  return out;
}
