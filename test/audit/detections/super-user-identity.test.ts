import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { superUser } from '../../../src/audit/detect/detections/super-user-identity.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

describe('HK-AL-007 Super-user identities used', () => {
  it('flags a member of system:masters and a named super-user', () => {
    const masters = superUser(view({ user: { username: 'ops', groups: ['system:masters'] } }), DEFAULT_DETECT_OPTIONS);
    assert.equal(masters?.path, '/user/groups');
    assert.match(masters?.message ?? '', /^super-user identity ops \(group system:masters\) was used/);
    assert.equal(superUser(view({ user: { username: 'kubernetes-admin', groups: [] } }), DEFAULT_DETECT_OPTIONS)?.path, '/user/username');
  });

  it('passes a person and the API server itself', () => {
    assert.equal(superUser(view(), DEFAULT_DETECT_OPTIONS), undefined);
    assert.equal(superUser(view({ user: { username: 'system:apiserver', groups: ['system:masters'] } }), DEFAULT_DETECT_OPTIONS), undefined);
  });
});
