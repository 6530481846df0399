import { createHash } from 'node:crypto';
import { canonicalize } from '../audit/canonical-json.js';
import type { JsonObject } from '../core/resource.js';
import { asArray, asObject } from '../core/resource.js';
import { BREAK_GLASS_GRANT_LABEL, GRANT_ANNOTATIONS, GRANT_LABEL, MANAGED_BY, MANAGED_BY_LABEL, grantBindingName } from './grant.js';
import type { RequestState } from './state.js';

/** sha256 of the canonical roleRef and subjects: what a grant gives to whom, and nothing else. */
export function grantDigest(binding: JsonObject): string {
  const body = { roleRef: binding['roleRef'] ?? null, subjects: asArray(binding['subjects']) };
  return createHash('sha256').update(canonicalize(body)).digest('hex');
}

/** The RoleBinding that carries an approved request: the requester as a User, labelled and annotated as grant.ts says. */
export function grantBinding(s: RequestState, grantedAt: string, expires: string): JsonObject {
  const core: JsonObject = {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: s.role.kind, name: s.role.name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: s.requester }],
  };
  const annotations: Record<string, string> = {
    [GRANT_ANNOTATIONS.requester]: s.requester,
    [GRANT_ANNOTATIONS.approvers]: s.approvers.join(','),
    [GRANT_ANNOTATIONS.expires]: expires,
    [GRANT_ANNOTATIONS.grantedAt]: grantedAt,
    [GRANT_ANNOTATIONS.owner]: s.breakGlass ? s.requester : s.approvers[0] ?? s.requester,
    [GRANT_ANNOTATIONS.reviewedAt]: grantedAt,
    [GRANT_ANNOTATIONS.digest]: grantDigest(core),
    ...(s.reason !== undefined ? { [GRANT_ANNOTATIONS.reason]: s.reason } : {}),
    ...(s.ticket !== undefined ? { [GRANT_ANNOTATIONS.ticket]: s.ticket } : {}),
  };
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: grantBindingName(s.id),
      namespace: s.namespace,
      labels: { [GRANT_LABEL]: s.id, [MANAGED_BY_LABEL]: MANAGED_BY, ...(s.breakGlass ? { [BREAK_GLASS_GRANT_LABEL]: 'true' } : {}) },
      annotations,
    },
    ...core,
  };
}

/** What differs between a live grant binding and the grant its records describe; empty when it is untouched. */
export function bindingChanges(binding: JsonObject, s: RequestState): string[] {
  const out: string[] = [];
  const meta = asObject(binding['metadata']) ?? {};
  const ann = asObject(meta['annotations']) ?? {};
  const actual = grantDigest(binding);
  if (s.digest !== undefined && actual !== s.digest) out.push('roleRef or subjects differ from the grant as recorded');
  if (ann[GRANT_ANNOTATIONS.digest] !== actual) out.push(`annotation ${GRANT_ANNOTATIONS.digest} does not match its roleRef and subjects`);
  if (s.expires !== undefined && ann[GRANT_ANNOTATIONS.expires] !== s.expires) out.push(`annotation ${GRANT_ANNOTATIONS.expires} differs from the recorded expiry`);
  if (ann[GRANT_ANNOTATIONS.requester] !== s.requester) out.push(`annotation ${GRANT_ANNOTATIONS.requester} differs from the recorded requester`);
  if (meta['namespace'] !== undefined && meta['namespace'] !== s.namespace) out.push('namespace differs from the recorded one');
  return out;
}
