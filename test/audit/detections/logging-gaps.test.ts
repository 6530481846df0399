import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { viewOf } from '../../../src/audit/event.js';
import { createLoggingGaps } from '../../../src/audit/detect/detections/logging-gaps.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import type { JsonObject } from '../../../src/core/resource.js';
import { runAudit, tempDir } from '../helpers.js';

/** Issue 17: HK-AL-011 judges gaps by event time. */
function ev(id: string, time: string, patch: Record<string, unknown> = {}): JsonObject {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: id, stage: 'ResponseComplete', verb: 'get',
    requestURI: '/api/v1/namespaces/ehr/pods', user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] }, sourceIPs: ['10.0.0.2'],
    objectRef: { resource: 'pods', namespace: 'ehr', apiVersion: 'v1' }, responseStatus: { code: 200 }, stageTimestamp: time, requestReceivedTimestamp: time, ...patch,
  } as JsonObject;
}

/** Events every 5 minutes over [from, to) hours of a day. */
function day(date: string, fromHour: number, toHour: number): JsonObject[] {
  const out: JsonObject[] = [];
  for (let m = fromHour * 60; m < toHour * 60; m += 5) {
    const t = new Date(Date.parse(`${date}T00:00:00Z`) + m * 60_000).toISOString();
    out.push(ev(`${date}-${m}`, t));
  }
  return out;
}

const gaps = (stdout: string): string[] => stdout.split('\n').filter((l) => l.includes('HK-AL-011')).map((l) => /from (\S+) to (\S+)/.exec(l)?.slice(1, 3).join(' .. ') ?? l).sort();

test('HK-AL-011 finds the same gaps whatever order the files are imported in', async (t) => {
  const dir = tempDir(t);
  // Day 1 08:00-10:00 with a hole 08:30-09:30 inside the file, day 2 08:00-09:00.
  const day1 = [...day('2026-09-01', 8, 10)].filter((e) => !/T0(8:[3-5]|9:[0-2])/.test(e['stageTimestamp'] as string));
  writeFileSync(join(dir, 'day1.jsonl'), day1.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'day2.jsonl'), day('2026-09-02', 8, 9).map((e) => JSON.stringify(e)).join('\n') + '\n');
  assert.equal((await runAudit(['import', 'day1.jsonl', 'day2.jsonl', '--store', 'in-order.db'], dir)).code, 0);
  assert.equal((await runAudit(['import', 'day2.jsonl', 'day1.jsonl', '--store', 'reversed.db'], dir)).code, 0);
  const inOrder = await runAudit(['detect', '--store', 'in-order.db'], dir);
  const reversed = await runAudit(['detect', '--store', 'reversed.db'], dir);
  assert.deepEqual(gaps(inOrder.stdout), ['2026-09-01T08:25:00.000Z .. 2026-09-01T09:30:00.000Z', '2026-09-01T09:55:00.000Z .. 2026-09-02T08:00:00.000Z']);
  assert.deepEqual(gaps(reversed.stdout), gaps(inOrder.stdout));
});

describe('HK-AL-011 Logging gaps', () => {
  const at = (times: readonly string[]): ReturnType<typeof viewOf>[] => times.map((t, i) => viewOf(ev(`e${i}`, t), i + 1));

  it('flags silence longer than 15 minutes at finish, in time order whatever the arrival order', () => {
    const logging = createLoggingGaps(DEFAULT_DETECT_OPTIONS, false);
    for (const v of at(['2026-09-01T08:40:00Z', '2026-09-01T08:00:00Z', '2026-09-01T08:10:00Z'])) assert.deepEqual(logging.observe(v), []);
    const found = logging.finish();
    assert.deepEqual(found.map((f) => [f.control, f.path]), [['HK-AL-011', '/stageTimestamp']]);
    assert.equal(found[0]?.message, 'no audit events for 30 minutes, from 2026-09-01T08:10:00.000Z to 2026-09-01T08:40:00Z (entry 1)');
  });

  it('flags a gap when the next event arrives in live mode', () => {
    const logging = createLoggingGaps(DEFAULT_DETECT_OPTIONS, true);
    const [a, b] = at(['2026-09-01T08:00:00Z', '2026-09-01T08:20:00Z']);
    assert.deepEqual(logging.observe(a as ReturnType<typeof viewOf>), []);
    assert.match(logging.observe(b as ReturnType<typeof viewOf>)[0]?.message ?? '', /^no audit events for 20 minutes/);
    assert.deepEqual(logging.finish(), []);
  });

  it('passes a steady stream', () => {
    const logging = createLoggingGaps(DEFAULT_DETECT_OPTIONS, false);
    for (const v of at(['2026-09-01T08:00:00Z', '2026-09-01T08:10:00Z', '2026-09-01T08:20:00Z'])) logging.observe(v);
    assert.deepEqual(logging.finish(), []);
  });
});
