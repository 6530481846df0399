import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanSecretRead } from '../../../src/audit/detect/detections/human-secret-read.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

const phiOnly = { ...DEFAULT_DETECT_OPTIONS, isPhi: (ns: string) => ns === 'ehr-prod' };

describe('HK-AL-003 Human reads of Secrets in PHI ns', () => {
  it('flags a person reading a Secret in a PHI namespace', () => {
    const hit = humanSecretRead(view(), phiOnly);
    assert.equal(hit?.path, '/objectRef/resource');
    assert.equal(hit?.message, 'alice@example.org read Secret db in PHI namespace ehr-prod');
  });

  it('passes reads outside PHI scope and reads by service accounts', () => {
    assert.equal(humanSecretRead(view({ objectRef: { resource: 'secrets', namespace: 'billing', name: 'x', apiVersion: 'v1' } }), phiOnly), undefined);
    assert.equal(humanSecretRead(view({ user: { username: 'system:serviceaccount:ehr-prod:api', groups: [] } }), phiOnly), undefined);
  });
});
