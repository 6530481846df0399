import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rbacChange } from '../../../src/audit/detect/detections/rbac-change.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

const binding = {
  verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  objectRef: { resource: 'clusterrolebindings', name: 'alice-admin', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
  requestObject: { kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'cluster-admin', apiGroup: 'rbac.authorization.k8s.io' } },
};

describe('HK-AL-005 RBAC changes', () => {
  it('flags a person binding cluster-admin', () => {
    const hit = rbacChange(view(binding), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/verb');
    assert.equal(hit?.message, 'alice@example.org created clusterrolebinding alice-admin binding cluster-admin');
  });

  it('flags impersonation by an identity that is not an allowed impersonator', () => {
    const hit = rbacChange(view({ impersonatedUser: { username: 'bob@example.org', groups: [] } }), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/impersonatedUser/username');
    assert.match(hit?.message ?? '', /alice@example\.org impersonated bob@example\.org/);
  });

  it('passes RBAC reads, control-plane aggregation and allowed impersonators', () => {
    assert.equal(rbacChange(view({ ...binding, verb: 'get' }), DEFAULT_DETECT_OPTIONS), undefined);
    assert.equal(rbacChange(view({ ...binding, user: { username: 'system:kube-controller-manager', groups: [] } }), DEFAULT_DETECT_OPTIONS), undefined);
    assert.equal(rbacChange(view({ impersonatedUser: { username: 'bob@example.org', groups: [] } }), { ...DEFAULT_DETECT_OPTIONS, impersonators: ['alice@example.org'] }), undefined);
  });
});
