import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCheckpoint } from '../../src/audit/checkpoint.js';
import { leafHash, verifyConsistency } from '../../src/audit/merkle.js';
import { parseVerifierKey } from '../../src/audit/note.js';
import { openSqlite } from '../../src/audit/store/sqlite-driver.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { runAudit, tempDir } from './helpers.js';

/**
 * The HTTP witness (issue 21): the signer speaks C2SP tlog-witness add-checkpoint to a witness another team runs. The
 * witness here is a small, real one: it verifies the log signature and the consistency proof and keeps the latest size.
 */
const EVENTS = syntheticEvents(450, { seed: 81 });

async function startWitness(t: TestContext, publicKeyFile: () => string): Promise<{ url: string; requests: string[]; latest: () => number }> {
  let size = 0;
  let root: Buffer = Buffer.alloc(0);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (code: number, body: string, type = 'text/plain'): void => {
        requests.push(`${code}`);
        res.writeHead(code, { 'content-type': type });
        res.end(body);
      };
      if (req.method !== 'POST' || req.url !== '/w/add-checkpoint') return answer(404, 'not found\n');
      const text = Buffer.concat(chunks).toString('utf8');
      const cut = text.indexOf('\n\n');
      const head = text.slice(0, cut).split('\n');
      const m = /^old (0|[1-9]\d*)$/.exec(head[0] ?? '');
      if (!m) return answer(400, 'bad old line\n');
      const old = Number(m[1]);
      let cp;
      try {
        cp = openCheckpoint(text.slice(cut + 2), parseVerifierKey(publicKeyFile()));
      } catch {
        return answer(400, 'bad checkpoint\n');
      }
      if (!cp.verified) return answer(403, 'unknown key\n');
      if (old > cp.size) return answer(400, 'old size larger than the checkpoint\n');
      if (old !== size) return answer(409, `${size}\n`, 'text/x.tlog.size');
      const proof = head.slice(1).map((l) => Buffer.from(l, 'base64'));
      if (old === cp.size) {
        if (!cp.root.equals(root) && old !== 0) return answer(409, `${size}\n`, 'text/x.tlog.size');
      } else if (old > 0 && !verifyConsistency(old, cp.size, root, cp.root, proof)) return answer(422, 'inconsistent\n');
      size = cp.size;
      root = cp.root;
      answer(200, '— witness.test/w1 AAAAAAAA\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/w`, requests, latest: () => size };
}

function writeEvents(dir: string, file: string, from: number, to: number): void {
  writeFileSync(join(dir, file), EVENTS.slice(from, to).map((e) => JSON.stringify(e)).join('\n') + '\n');
}

function edit(dir: string, sql: (db: ReturnType<typeof openSqlite>) => void): void {
  const db = openSqlite(join(dir, 'trail.db'));
  try {
    sql(db);
  } finally {
    db.close();
  }
}

function rewrite280(db: ReturnType<typeof openSqlite>): void {
  const row = db.prepare('SELECT leaf FROM leaves WHERE seq = 280').get() as { leaf: Buffer };
  const forged = Buffer.from(row.leaf.toString('utf8').replace(/"verb":"[a-z]+"/, '"verb":"list"').replace(/"username":"[^"]*"/, '"username":"nobody"'));
  db.prepare('UPDATE leaves SET leaf = ?, hash = ? WHERE seq = 280').run(forged, leafHash(forged));
}

const storedCheckpoints = (dir: string): number => {
  const db = openSqlite(join(dir, 'trail.db'));
  try {
    return (db.prepare('SELECT count(*) AS n FROM checkpoints').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

test('an HTTP witness cosigns each extension; a fork, a rollback and an inconsistent proof are refused by it and by the signer', async (t) => {
  const dir = tempDir(t);
  const w = await startWitness(t, () => readFileSync(join(dir, 'k.pub'), 'utf8'));
  const kg = await runAudit(['keygen', '--name', 'http-witness.example/audit', '--out', 'k', '--witness', w.url], dir);
  assert.equal(kg.code, 0, kg.stderr);
  assert.match(kg.stdout, /must be cosigned there first/);
  assert.equal(readFileSync(join(dir, 'k.witness'), 'utf8').trim(), w.url, 'keygen records the endpoint next to the key');
  writeEvents(dir, 'a.jsonl', 0, 300);
  const a = await runAudit(['import', 'a.jsonl', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(a.code, 0, a.stderr);
  assert.doesNotMatch(a.stderr, /no witness/);
  assert.equal(w.latest(), 300);
  writeEvents(dir, 'b.jsonl', 300, 400);
  assert.equal((await runAudit(['import', 'b.jsonl', '--store', 'trail.db', '--key', 'k.key'], dir)).code, 0);
  assert.equal(w.latest(), 400, 'the extension was cosigned with a consistency proof from 300');

  // Fork and resign: entry 280 rewritten with its hash, the stored checkpoints deleted; the witness still knows 400.
  edit(dir, (db) => {
    rewrite280(db);
    db.prepare('DELETE FROM checkpoints').run();
  });
  const same = await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(same.code, 1, same.stdout + same.stderr);
  assert.match(same.stderr, /REFUSED: refusing to sign a fork: witness http:\/\/127\.0\.0\.1:\d+\/w holds a different tree of size 400/);
  assert.equal(storedCheckpoints(dir), 0, 'a refused checkpoint is not stored');

  writeEvents(dir, 'c.jsonl', 400, 450);
  const grown = await runAudit(['import', 'c.jsonl', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(grown.code, 1, 'the events are stored but the checkpoint is refused');
  assert.match(grown.stderr, /REFUSED: refusing to sign a fork: witness .* says the trail at size 450 is not consistent with the checkpoint of size 400 it cosigned/);
  assert.ok(w.requests.includes('422'));

  edit(dir, (db) => {
    db.prepare('DELETE FROM leaves WHERE seq >= 300').run();
    db.prepare('DELETE FROM nodes WHERE idx * (1 << level) + (1 << level) > 300').run();
    db.prepare('UPDATE head SET size = 300').run();
  });
  const rolled = await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(rolled.code, 1);
  assert.match(rolled.stderr, /REFUSED: refusing to sign: witness .* cosigned size 400 but the trail now has 300 entries \(truncated or rolled back\)/);
  assert.equal(w.latest(), 400, 'the witness never went back');
  assert.equal(storedCheckpoints(dir), 0);
});

test('an unreachable HTTP witness stops the signature instead of silently skipping it', async (t) => {
  const dir = tempDir(t);
  assert.equal((await runAudit(['keygen', '--name', 'http-witness.example/down', '--out', 'k'], dir)).code, 0);
  writeEvents(dir, 'a.jsonl', 0, 10);
  const r = await runAudit(['import', 'a.jsonl', '--store', 'trail.db', '--key', 'k.key', '--witness', 'http://127.0.0.1:9/w'], dir);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /witness http:\/\/127\.0\.0\.1:9\/w is unreachable .*the checkpoint was not stored/);
  assert.equal(storedCheckpoints(dir), 0);
});
