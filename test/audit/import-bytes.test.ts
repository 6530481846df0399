import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseLeaf } from '../../src/audit/event.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { utf8LineWatch } from '../../src/audit/utf8-lines.js';
import { runAudit, tempDir } from './helpers.js';

/** The trail stores what it received or nothing: a line with invalid UTF-8 is reported by line, never stored altered. */

async function watched(chunks: readonly Buffer[]): Promise<number[]> {
  const w = utf8LineWatch();
  for await (const _ of Readable.from(chunks).pipe(w.stream)) void _;
  return [...w.badLines].sort((a, b) => a - b);
}

test('utf8LineWatch numbers lines as readline does and finds bad bytes whatever the chunking', async () => {
  const text = Buffer.concat([
    Buffer.from('ok é\n'), Buffer.from([0x62, 0xe9, 0x0a]), Buffer.from('crlf ✓\r\n'), Buffer.from([0xff]), Buffer.from('\rlone cr\r'),
    Buffer.from([0xf0, 0x9f, 0x98, 0x80]), Buffer.from('\n'), Buffer.from([0xe2, 0x82]), Buffer.from('\nend'), Buffer.from([0xc3]),
  ]);
  // Lines: 1 "ok é", 2 "b\xe9", 3 "crlf ✓", 4 "\xff", 5 "lone cr", 6 "😀", 7 "\xe2\x82", 8 "end\xc3" (cut off).
  const expected = [2, 4, 7, 8];
  assert.deepEqual(await watched([text]), expected);
  assert.deepEqual(await watched([...text].map((b) => Buffer.from([b]))), expected, 'one byte per chunk');
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(await watched([text.subarray(0, cut), text.subarray(cut)]), expected, `cut at ${cut}`);
  const lines: string[] = [];
  const { createInterface } = await import('node:readline');
  for await (const l of createInterface({ input: Readable.from([text]), crlfDelay: Infinity })) lines.push(l);
  assert.equal(lines.length, 8, 'readline sees the same 8 lines');
});

test('audit import skips a line holding invalid UTF-8, naming its line, and stores the others exactly', async (t) => {
  const dir = tempDir(t);
  const evs = syntheticEvents(3, { seed: 55 });
  const middle = Buffer.from(JSON.stringify({ ...evs[1], user: { username: 'caf\u0000' } }).replace('\\u0000', 'X'));
  middle[middle.indexOf('X')] = 0xe9;
  // A valid two-byte character astride the 64 KiB read boundary must not count as bad.
  const base = JSON.stringify({ ...evs[0], annotations: { p: '' } });
  const pad = 'a'.repeat(65_535 - (base.indexOf('"p":""') + 5));
  const first = Buffer.from(JSON.stringify({ ...evs[0], annotations: { p: `${pad}é` } }));
  assert.deepEqual([first[65_535], first[65_536]], [0xc3, 0xa9]);
  writeFileSync(join(dir, 'events.jsonl'), Buffer.concat([first, Buffer.from('\n'), middle, Buffer.from('\n'), Buffer.from(JSON.stringify(evs[2]) + '\n')]));
  const r = await runAudit(['import', 'events.jsonl', '--store', 'trail.db'], dir);
  assert.match(r.stderr, /events\.jsonl:2: invalid UTF-8: not stored/);
  assert.doesNotMatch(r.stderr, /events\.jsonl:[13]:/);
  const store = openSqliteStore(join(dir, 'trail.db'));
  const stored: unknown[] = [];
  for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) for (const row of rows) stored.push(parseLeaf(row.leaf).event);
  await store.close();
  assert.equal(stored.length, 2);
  assert.equal(((stored[0] as { annotations: { p: string } }).annotations.p).slice(-2), 'aé', 'the character across the boundary is stored intact');
  assert.deepEqual(stored[1], evs[2]);

  writeFileSync(join(dir, 'list.json'), Buffer.concat([Buffer.from(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [evs[0]] }, null, 2).replace('"auditID"', '"audit\u00ffID"'), 'latin1')]));
  const doc = await runAudit(['import', 'list.json', '--store', 'other.db'], dir);
  assert.match(doc.stderr, /list\.json:\d+: invalid UTF-8: not stored, since decoding would alter the event; the document is skipped/);
});
