import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viewOf } from '../../src/audit/event.js';
import { serviceAccountOutside } from '../../src/audit/detect/detections/service-account-outside.js';
import { DEFAULT_DETECT_OPTIONS } from '../../src/audit/detect/options.js';
import type { JsonObject } from '../../src/core/resource.js';

const event = (username: string, ip: string): JsonObject => ({
  kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a1', stage: 'ResponseComplete', verb: 'get',
  requestURI: '/api/v1/namespaces/ehr/secrets/db', user: { username, groups: ['system:nodes', 'system:authenticated'] },
  sourceIPs: [ip], userAgent: 'kubelet/v1.31.0', objectRef: { resource: 'secrets', namespace: 'ehr', name: 'db', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 }, stageTimestamp: '2026-09-01T08:00:00.000000Z',
});

describe('HK-AL-008 covers node credentials', () => {
  it('flags system:node:* used from a public address', () => {
    const hit = serviceAccountOutside(viewOf(event('system:node:worker-1', '198.51.100.7')), DEFAULT_DETECT_OPTIONS);
    assert.ok(hit);
    assert.equal(hit.path, '/sourceIPs');
    assert.match(hit.message, /node credential system:node:worker-1 was used from 198\.51\.100\.7/);
  });

  it('does not flag a node credential from a private node address', () => {
    assert.equal(serviceAccountOutside(viewOf(event('system:node:worker-1', '10.0.3.4')), DEFAULT_DETECT_OPTIONS), undefined);
  });
});
