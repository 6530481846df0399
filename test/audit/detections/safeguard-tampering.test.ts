import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeguardTampering } from '../../../src/audit/detect/detections/safeguard-tampering.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

const deleteNetpol = { verb: 'delete', objectRef: { resource: 'networkpolicies', namespace: 'ehr-prod', name: 'deny-all', apiGroup: 'networking.k8s.io', apiVersion: 'v1' } };

describe('HK-AL-009 Safeguard tampering', () => {
  it('flags deleting a NetworkPolicy in a PHI namespace', () => {
    const hit = safeguardTampering(view(deleteNetpol), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/verb');
    assert.equal(hit?.message, 'alice@example.org deleted networkpolicies ehr-prod/deny-all');
  });

  it('flags a patch that sets enforce=privileged on a PHI namespace', () => {
    const v = view({ verb: 'patch', objectRef: { resource: 'namespaces', name: 'ehr-prod', apiVersion: 'v1' },
      requestObject: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } } });
    const hit = safeguardTampering(v, DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/requestObject/metadata/labels');
    assert.match(hit?.message ?? '', /weakened Pod Security Admission on PHI namespace ehr-prod: set pod-security\.kubernetes\.io\/enforce=privileged/);
  });

  it('passes reading a NetworkPolicy and deleting one outside PHI scope', () => {
    assert.equal(safeguardTampering(view({ ...deleteNetpol, verb: 'get' }), DEFAULT_DETECT_OPTIONS), undefined);
    assert.equal(safeguardTampering(view(deleteNetpol), { ...DEFAULT_DETECT_OPTIONS, isPhi: () => false }), undefined);
  });
});
