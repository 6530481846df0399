import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFailedLoginBursts } from '../../../src/audit/detect/detections/failed-login-bursts.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

/** A refused request at second s of 08:00 from 203.0.113.9. */
const refused = (code: number, s: number, username = 'mallory@example.org'): ReturnType<typeof view> => view({
  auditID: `id-${code}-${s}`, user: { username, groups: [] }, sourceIPs: ['203.0.113.9'],
  responseStatus: { metadata: {}, code }, stageTimestamp: `2026-09-01T08:00:${String(s).padStart(2, '0')}.000000Z`,
}, s);

describe('HK-AL-001 Failed log-in bursts', () => {
  it('flags five 401s from one source within the window, once per burst', () => {
    const bursts = createFailedLoginBursts(DEFAULT_DETECT_OPTIONS);
    const found = [1, 2, 3, 4, 5, 6].flatMap((s) => bursts.observe(refused(401, s)));
    assert.equal(found.length, 1, 'the sixth 401 belongs to the same burst');
    assert.equal(found[0]?.control, 'HK-AL-001');
    assert.equal(found[0]?.path, '/responseStatus/code');
    assert.match(found[0]?.message ?? '', /^5 failed authentications \(401\) from 203\.0\.113\.9 \(kubectl\/v1\.33\.1\) within 60s, last /);
  });

  it('flags ten 403s by one user', () => {
    const bursts = createFailedLoginBursts(DEFAULT_DETECT_OPTIONS);
    const found = Array.from({ length: 10 }, (_, i) => i + 1).flatMap((s) => bursts.observe(refused(403, s)));
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? '', /^10 forbidden requests \(403\) by mallory@example\.org within 60s/);
  });

  it('passes failures below the threshold, spread beyond the window, and successes', () => {
    const bursts = createFailedLoginBursts(DEFAULT_DETECT_OPTIONS);
    assert.deepEqual([1, 2, 3, 4].flatMap((s) => bursts.observe(refused(401, s))), []);
    const spread = createFailedLoginBursts({ ...DEFAULT_DETECT_OPTIONS, burstWindowMs: 2_000 });
    assert.deepEqual([1, 3, 5, 7, 9, 11].flatMap((s) => spread.observe(refused(401, s))), []);
    const ok = createFailedLoginBursts(DEFAULT_DETECT_OPTIONS);
    assert.deepEqual([1, 2, 3, 4, 5, 6].flatMap((s) => ok.observe(refused(200, s))), []);
  });

  it('keeps its state per run: a new detector starts from nothing', () => {
    const a = createFailedLoginBursts(DEFAULT_DETECT_OPTIONS);
    [1, 2, 3, 4].forEach((s) => a.observe(refused(401, s)));
    assert.deepEqual(createFailedLoginBursts(DEFAULT_DETECT_OPTIONS).observe(refused(401, 5)), []);
    assert.equal(a.observe(refused(401, 5)).length, 1);
  });
});
