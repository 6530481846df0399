import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule, { sensitiveHostPath } from '../../../src/rules/pod-security/no-host-path-volumes.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './no-host-path-volumes.cases.js';

describe('sensitiveHostPath', () => {
  it('matches the path, paths below it, and paths above it', () => {
    assert.equal(sensitiveHostPath('/'), '/');
    assert.equal(sensitiveHostPath('/etc/'), '/etc');
    assert.equal(sensitiveHostPath('/etc/ssl/certs'), '/etc');
    assert.equal(sensitiveHostPath('/var/run/docker.sock'), '/run/docker.sock');
    assert.equal(sensitiveHostPath('/var'), '/var/lib/kubelet');
    assert.equal(sensitiveHostPath('//var//log'), '/var/log');
    assert.equal(sensitiveHostPath('/data/app'), undefined);
    assert.equal(sensitiveHostPath('/etcetera'), undefined);
  });
});

ruleTester(rule, cases);
