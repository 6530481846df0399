import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousSuccess } from '../../../src/audit/detect/detections/anonymous-success.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

const anonymous = { user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } };

describe('HK-AL-002 Anonymous success', () => {
  it('flags an anonymous request that succeeded', () => {
    const hit = anonymousSuccess(view(anonymous), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/user/username');
    assert.equal(hit?.message, 'anonymous request succeeded: get /api/v1/namespaces/ehr-prod/secrets/db');
  });

  it('passes an anonymous request that was refused, and anonymous health checks', () => {
    assert.equal(anonymousSuccess(view({ ...anonymous, responseStatus: { metadata: {}, code: 403 } }), DEFAULT_DETECT_OPTIONS), undefined);
    assert.equal(anonymousSuccess(view({ ...anonymous, requestURI: '/readyz?verbose' }), DEFAULT_DETECT_OPTIONS), undefined);
  });
});
