import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakGlass } from '../../../src/audit/detect/detections/break-glass-usage.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

describe('HK-AL-006 Break-glass usage', () => {
  it('flags a request made as a member of a break-glass group', () => {
    const hit = breakGlass(view({ user: { username: 'carol@example.org', groups: ['break-glass', 'system:authenticated'] } }), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/user/groups');
    assert.equal(hit?.message, 'carol@example.org used break-glass access as member of break-glass group break-glass');
  });

  it('flags a request allowed through a break-glass binding', () => {
    const v = view({ annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "emergency" of ClusterRole "admin" to User "carol"' } });
    const hit = breakGlass(v, { ...DEFAULT_DETECT_OPTIONS, breakGlassBindings: ['emergency'] });
    assert.equal(hit?.path, '/annotations/authorization.k8s.io~1reason');
    assert.match(hit?.message ?? '', /through break-glass binding emergency/);
  });

  it('passes an ordinary identity', () => {
    assert.equal(breakGlass(view(), DEFAULT_DETECT_OPTIONS), undefined);
  });
});
