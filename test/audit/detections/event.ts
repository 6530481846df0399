import type { AuditView } from '../../../src/audit/event.js';
import { viewOf } from '../../../src/audit/event.js';
import type { JsonObject } from '../../../src/core/resource.js';

/** A real audit.k8s.io/v1 event (alice reads Secret ehr-prod/db), with the fields a case changes. */
export function auditEvent(patch: Record<string, unknown> = {}): JsonObject {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'id-1', stage: 'ResponseComplete', verb: 'get',
    requestURI: '/api/v1/namespaces/ehr-prod/secrets/db', user: { username: 'alice@example.org', groups: ['system:authenticated'] },
    sourceIPs: ['192.0.2.1'], userAgent: 'kubectl/v1.33.1', objectRef: { resource: 'secrets', namespace: 'ehr-prod', name: 'db', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 }, stageTimestamp: '2026-09-01T08:00:00.000000Z', ...patch,
  } as JsonObject;
}

/** The view the detections read, of auditEvent(patch). */
export const view = (patch: Record<string, unknown> = {}, seq = 0): AuditView => viewOf(auditEvent(patch), seq);
