import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interactiveAccess } from '../../../src/audit/detect/detections/interactive-access.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

const exec = {
  verb: 'create', stage: 'ResponseStarted', responseStatus: { metadata: {}, code: 101 }, requestURI: '/api/v1/namespaces/ehr-prod/pods/p/exec?command=psql',
  objectRef: { resource: 'pods', subresource: 'exec', namespace: 'ehr-prod', name: 'p', apiVersion: 'v1' },
};

describe('HK-AL-004 exec/attach/port-forward into PHI pods', () => {
  it('flags exec into a pod of a PHI namespace', () => {
    const hit = interactiveAccess(view(exec), DEFAULT_DETECT_OPTIONS);
    assert.equal(hit?.path, '/objectRef/subresource');
    assert.equal(hit?.message, 'alice@example.org execed into pod ehr-prod/p');
  });

  it('passes exec outside PHI scope and a plain pod read', () => {
    assert.equal(interactiveAccess(view(exec), { ...DEFAULT_DETECT_OPTIONS, isPhi: () => false }), undefined);
    assert.equal(interactiveAccess(view({ objectRef: { resource: 'pods', namespace: 'ehr-prod', name: 'p', apiVersion: 'v1' } }), DEFAULT_DETECT_OPTIONS), undefined);
  });
});
