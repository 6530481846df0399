import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viewOf } from '../../../src/audit/event.js';
import { serviceAccountOutside } from '../../../src/audit/detect/detections/service-account-outside.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import type { JsonObject } from '../../../src/core/resource.js';
import { view } from './event.js';

const event = (username: string, ip: string): JsonObject => ({
  kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a1', stage: 'ResponseComplete', verb: 'get',
  requestURI: '/api/v1/namespaces/ehr/secrets/db', user: { username, groups: ['system:nodes', 'system:authenticated'] },
  sourceIPs: [ip], userAgent: 'kubelet/v1.31.0', objectRef: { resource: 'secrets', namespace: 'ehr', name: 'db', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 }, stageTimestamp: '2026-09-01T08:00:00.000000Z',
});

const sa = 'system:serviceaccount:ehr-prod:api';

describe('HK-AL-008 SA token used outside cluster', () => {
  it('flags a service account token used from a public address', () => {
    const hit = serviceAccountOutside(view({ user: { username: sa, groups: [] }, sourceIPs: ['198.51.100.7'], userAgent: 'ehr-api/1.0' }), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/sourceIPs');
    assert.match(hit?.message ?? '', /service account token system:serviceaccount:ehr-prod:api was used from 198\.51\.100\.7, outside the cluster networks/);
  });

  it('flags a service account token used by an interactive client inside the cluster', () => {
    const hit = serviceAccountOutside(view({ user: { username: sa, groups: [] }, sourceIPs: ['10.0.3.4'], userAgent: 'kubectl/v1.33.1 (linux/amd64)' }), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/userAgent');
    assert.match(hit?.message ?? '', /from an interactive client \(kubectl\/v1\.33\.1\)/);
  });

  it('passes a service account used by its workload from a pod address', () => {
    assert.equal(serviceAccountOutside(view({ user: { username: sa, groups: [] }, sourceIPs: ['10.0.3.4'], userAgent: 'ehr-api/1.0' }), DEFAULT_DETECT_OPTIONS), undefined);
  });

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
