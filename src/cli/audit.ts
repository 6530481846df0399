import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_CONFIG } from '../core/config.js';
import type { ControlResult, Finding } from '../core/finding.js';
import type { KubeResource } from '../core/resource.js';
import { buildScopeIndex } from '../core/scope.js';
import { SEVERITIES } from '../catalog/severity.js';
import type { Severity } from '../catalog/severity.js';
import type { ControlStatus } from '../core/finding.js';
import { CONTROL_STATUSES } from '../core/finding.js';
import { formatJson } from '../report/json.js';
import { formatSarif } from '../report/sarif.js';
import { parseManifests } from '../sources/parse.js';
import { parseLeaf, viewOf } from '../audit/event.js';
import type { AuditView } from '../audit/event.js';
import { ingestStream, newStats } from '../audit/ingest.js';
import type { NoteVerifier } from '../audit/note.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from '../audit/note.js';
import { checkProof } from '../audit/proof.js';
import type { ProofBundle } from '../audit/proof.js';
import { createReview } from '../audit/review.js';
import type { ReviewFormat } from '../audit/review-format.js';
import { formatReview } from '../audit/review-format.js';
import { startReceiver } from '../audit/server.js';
import { openStore } from '../audit/store/open.js';
import type { AuditStore } from '../audit/store/store.js';
import { ForkError, PUBLIC_KEY_META, consistencyBundle, inclusionBundle, latestCheckpoint } from '../audit/trail.js';
import { verifyStore } from '../audit/verify.js';
import { NO_WITNESS_WARNING, signAndWitness, witnessFor, witnessSidecar, writeCheckpointFile } from './audit-witness.js';
import { isHttpWitness } from './audit-http-witness.js';
import { bindingFacts } from '../audit/detect/bindings.js';
import { parseCidr } from '../core/ip.js';
import type { IpRange } from '../core/ip.js';
import { createDetector } from '../audit/detect/detector.js';
import type { DetectOptions } from '../audit/detect/options.js';
import { DEFAULT_DETECT_OPTIONS } from '../audit/detect/options.js';
import { describeRef } from '../core/resource.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { toolInfo } from './tool-info.js';

const USAGE = `Usage: phiguard audit SUBCOMMAND [options]

A tamper-evident trail of the Kubernetes API audit log (RFC 9162 Merkle log, C2SP signed checkpoints).

  keygen --name ORIGIN --out PREFIX [--witness DIR|URL]   write PREFIX.key (private, mode 0600) and PREFIX.pub;
                                              DIR (outside the store) receives every checkpoint signed with the key,
                                              or URL, a C2SP tlog-witness another team runs, must cosign each
  import FILE...|- --store STORE [--key F [--witness DIR|URL]]   import JSON lines or EventList documents (v1, v1beta1)
         [--cluster NAME] [--batch N] [--synchronous FULL|NORMAL]
  serve --port P --tls-cert F --tls-key F --store STORE (--client-ca F | --token-file F)
        [--host H] [--key F [--witness DIR|URL]] [--checkpoint-interval SEC] [--max-body BYTES] [--cluster NAME]
  checkpoint --store STORE [--key F [--witness DIR|URL]] [--export FILE|DIR]   sign the tree now; export checkpoints
  verify --store STORE [--public-key F] [--anchors FILE|DIR]... [--deep] [--format text|json]
  prove --store STORE (--audit-id ID [--stage S] | --entry N | --from N [--to M]) [--out F]
  check-proof FILE|- --public-key F [--trusted CHECKPOINT]
  review --store STORE [--since T] [--until T] [--format text|json|html|csv] [--out F]
  detect --store STORE [--since T] [--until T] [--format text|json|sarif] [--follow [--interval SEC]]

STORE is a SQLite file (default) or postgres://user@host:port/db[?schema=NAME].
Scope (review, detect): --phi-namespace NS (repeatable), --scope-from FILE... (Namespace manifests with
phiguard.dev/scope=phi); with nothing declared every namespace is PHI.
Detect options: --bindings FILE... (RoleBindings/ClusterRoleBindings, for HK-AL-006/010), --break-glass-group G,
--super-user U, --impersonator U, --cluster-cidr CIDR, --gap-minutes N, --dormant-days N.
T is RFC 3339 (2026-09-01T00:00:00Z) or a duration back from now (24h, 7d).
Signing refuses (exit 1) when the tree does not extend the last checkpoint signed (store or witness): a fork.
Exit codes: 0 ok; 1 verification failed, proof rejected or findings; 2 usage or input error.`;

type Opts = Record<string, string | boolean | string[] | undefined>;

function parse(argv: readonly string[], options: ParseArgsConfig['options']): { values: Opts; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...argv], options: options ?? {}, allowPositionals: true, strict: true });
    return { values: r.values as Opts, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function str(v: Opts, name: string, required = false): string | undefined {
  const x = v[name];
  if (typeof x === 'string' && x !== '') return x;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

function list(v: Opts, name: string): string[] {
  const x = v[name];
  return Array.isArray(x) ? x : typeof x === 'string' ? [x] : [];
}

function int(v: Opts, name: string, def: number, min = 0): number {
  const s = str(v, name);
  if (s === undefined) return def;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number >= ${min}`);
  return n;
}

function readText(io: CliIo, file: string, what: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function storeFrom(io: CliIo, v: Opts, sync?: 'FULL' | 'NORMAL'): Promise<AuditStore> {
  const spec = str(v, 'store', true) as string;
  const path = /^postgres(ql)?:\/\//i.test(spec) ? spec : resolve(io.cwd, spec);
  return openStore(path, sync ? { synchronous: sync } : {});
}

async function verifierFor(io: CliIo, v: Opts, store?: AuditStore): Promise<NoteVerifier> {
  const file = str(v, 'public-key');
  if (file) return parseVerifierKey(readText(io, file, 'public key'));
  const known = store ? await store.getMeta(PUBLIC_KEY_META) : undefined;
  if (!known) throw new UsageError('--public-key is required (the store has no recorded key: no checkpoint was ever written)');
  io.stderr.write('note: trusting the public key recorded in the store; pass --public-key for an independent check\n');
  return parseVerifierKey(known);
}

function parseTime(text: string | undefined, now: number, def: number): number {
  if (text === undefined) return def;
  const rel = /^(\d+)([smhd])$/.exec(text);
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`"${text}" is not an RFC 3339 time or a duration like 24h`);
  return t;
}

/** The period review and detect read: the same default for both (the whole trail), always said in the output. */
interface Period {
  readonly since: number;
  readonly until: number;
  readonly whole: boolean;
}

function periodFrom(v: Opts, now: number): Period {
  const until = parseTime(str(v, 'until'), now, Infinity);
  const since = parseTime(str(v, 'since'), now, -Infinity);
  if (since >= until) throw new UsageError('--since must be before --until');
  return { since, until, whole: since === -Infinity && until === Infinity };
}

function periodText(p: Period, first: number, last: number): string {
  const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : '?');
  if (p.whole) return `period: the whole trail (${iso(first)} .. ${iso(last)}); narrow it with --since/--until`;
  return `period: ${Number.isFinite(p.since) ? iso(p.since) : 'start of the trail'} .. ${Number.isFinite(p.until) ? iso(p.until) : 'end of the trail'}`;
}

/** An event without a usable time is only in the whole-trail period. */
function inPeriod(p: Period, time: number): boolean {
  return Number.isNaN(time) ? p.whole : time >= p.since && time < p.until;
}

function manifests(io: CliIo, files: readonly string[]): KubeResource[] {
  const out: KubeResource[] = [];
  for (const f of files) {
    const parsed = parseManifests(f, readText(io, f, 'manifest file'));
    for (const e of parsed.errors) io.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
    if (parsed.errors.length > 0) throw new UsageError(`${f} has errors`);
    for (const r of parsed.resources) out.push(r);
  }
  return out;
}

/** PHI scope for audit: named namespaces and Namespace manifests, resolved as scan resolves them. */
function phiPredicate(io: CliIo, v: Opts): { isPhi: (ns: string) => boolean; describe: string } {
  const names = list(v, 'phi-namespace');
  const resources = manifests(io, list(v, 'scope-from'));
  const index = buildScopeIndex(resources, { ...DEFAULT_CONFIG, phiNamespaces: { names, patterns: [], selectors: [] } });
  if (index.undeclared) return { isPhi: () => true, describe: 'no PHI scope declared: every namespace is PHI' };
  const phi = [...index.namespaces.values()].filter((n) => n.decision.level === 'phi').map((n) => n.name);
  // A request across all namespaces ('') reaches PHI whenever any namespace is PHI.
  return { isPhi: (ns) => (ns === '' ? phi.length > 0 : index.namespaceLevel(ns) === 'phi'), describe: `PHI namespaces: ${phi.join(', ') || '(none)'}` };
}

async function forEachView(store: AuditStore, from: number, fn: (v: AuditView) => void): Promise<number> {
  let next = from;
  for await (const rows of store.scan(from, Number.MAX_SAFE_INTEGER)) {
    for (const r of rows) {
      const leaf = parseLeaf(r.leaf);
      fn(viewOf(leaf.event, r.seq, leaf.cluster ?? ''));
      next = r.seq + 1;
    }
  }
  return next;
}

async function cmdKeygen(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { name: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, witness: { type: 'string' } });
  const name = str(values, 'name', true) as string;
  const prefix = resolve(io.cwd, str(values, 'out', true) as string);
  const given = str(values, 'witness');
  const witness = given === undefined ? undefined : isHttpWitness(given) ? given : resolve(io.cwd, given);
  const { secret, verifier } = generateNoteKey(name);
  const flag = values['force'] ? 'w' : 'wx';
  try {
    writeFileSync(`${prefix}.key`, secret + '\n', { mode: 0o600, flag });
    writeFileSync(`${prefix}.pub`, verifier.text + '\n', { mode: 0o644, flag });
    if (witness) {
      if (!isHttpWitness(witness)) mkdirSync(witness, { recursive: true });
      writeFileSync(witnessSidecar(`${prefix}.key`), witness + '\n', { mode: 0o644, flag });
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${prefix}.key or .pub exists; use --force to overwrite`);
    throw e;
  }
  io.stdout.write(`private key: ${prefix}.key (keep it secret; mode 0600)\npublic key:  ${prefix}.pub\n${verifier.text}\n`);
  io.stdout.write(!witness ? NO_WITNESS_WARNING : isHttpWitness(witness)
    ? `witness:     ${witness} (every checkpoint signed with this key must be cosigned there first; give the witness ${prefix}.pub)\n`
    : `witness:     ${witness} (every checkpoint signed with this key is also written here)\n`);
  return 0;
}

async function cmdImport(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    store: { type: 'string' }, key: { type: 'string' }, cluster: { type: 'string' }, batch: { type: 'string' },
    synchronous: { type: 'string' }, 'report-commits': { type: 'boolean' }, witness: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('give files to import, or - for stdin');
  const witness = witnessFor(io.cwd, str(values, 'key'), str(values, 'witness'));
  const sync = str(values, 'synchronous');
  if (sync !== undefined && sync !== 'FULL' && sync !== 'NORMAL') throw new UsageError('--synchronous must be FULL or NORMAL');
  const signer = str(values, 'key') ? parseSignerKey(readText(io, str(values, 'key') as string, 'private key')) : undefined;
  for (const f of positionals) if (f !== '-' && !existsSync(resolve(io.cwd, f))) throw new UsageError(`cannot read ${f}: no such file`);
  const store = await storeFrom(io, values, sync as 'FULL' | 'NORMAL' | undefined);
  const stats = newStats();
  const started = Date.now();
  let refused = false;
  let lastProgress = 0;
  const tty = io.stderr.isTTY === true;
  try {
    for (const f of positionals) {
      const input = f === '-' ? io.stdin : createReadStream(resolve(io.cwd, f));
      await ingestStream(input, f === '-' ? '<stdin>' : f, store, {
        batchSize: int(values, 'batch', 5000, 1),
        ...(str(values, 'cluster') ? { cluster: str(values, 'cluster') as string } : {}),
        onProblem: (p) => io.stderr.write(`${p.file}:${p.line}: ${p.message}; line skipped\n`),
        onCommit: (s) => {
          if (values['report-commits']) io.stdout.write(`committed ${s.appended + s.duplicates}\n`);
          if (tty && Date.now() - lastProgress > 250) {
            lastProgress = Date.now();
            const rate = Math.round(s.events / Math.max(0.001, (Date.now() - started) / 1000));
            io.stderr.write(`\rimported ${s.events} events (${rate}/s)...`);
          }
        },
      }, stats);
    }
    if (tty) io.stderr.write('\r\x1b[K');
    let cp = '';
    if (signer) {
      if (!witness) io.stderr.write(NO_WITNESS_WARNING);
      try {
        cp = `; checkpoint at size ${(await signAndWitness(store, signer, witness)).size}`;
      } catch (e) {
        if (!(e instanceof ForkError)) throw e;
        io.stderr.write(`REFUSED: ${e.message}\n`);
        refused = true;
        cp = '; checkpoint REFUSED (fork)';
      }
    }
    const secs = (Date.now() - started) / 1000;
    io.stderr.write(`imported ${stats.appended} new events (${stats.duplicates} duplicates, ${stats.problems} malformed skipped) in ${secs.toFixed(1)}s; trail size ${stats.size}${cp}\n`);
    if (stats.quarantined > 0) io.stderr.write(`kept ${stats.quarantined} item(s) in the quarantine${stats.conflicts > 0 ? `, including ${stats.conflicts} CONFLICTING DUPLICATE(S) (same auditID and stage, different content: tampering or a bug)` : ''}; see \`phiguard audit review\`\n`);
  } finally {
    await store.close();
  }
  return stats.problems > 0 ? 2 : refused ? 1 : 0;
}

function exportCheckpoints(io: CliIo, target: string, notes: readonly string[]): number {
  const path = resolve(io.cwd, target);
  const isDir = target.endsWith('/') || (existsSync(path) && statSync(path).isDirectory());
  if (!isDir) {
    const last = notes[notes.length - 1];
    if (last !== undefined) writeFileSync(path, last);
    return last === undefined ? 0 : 1;
  }
  let written = 0;
  for (const note of notes) if (writeCheckpointFile(path, note)) written++;
  return written;
}

async function cmdCheckpoint(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { store: { type: 'string' }, key: { type: 'string' }, export: { type: 'string' }, witness: { type: 'string' } });
  const keyFile = str(values, 'key');
  const witness = witnessFor(io.cwd, keyFile, str(values, 'witness'));
  const target = str(values, 'export');
  if (!keyFile && !target) throw new UsageError('give --key to sign a checkpoint and/or --export to export them');
  const signer = keyFile ? parseSignerKey(readText(io, keyFile, 'private key')) : undefined;
  const store = await storeFrom(io, values);
  try {
    if (signer) {
      if (!witness) io.stderr.write(NO_WITNESS_WARNING);
      let c;
      try {
        c = await signAndWitness(store, signer, witness);
      } catch (e) {
        if (!(e instanceof ForkError)) throw e;
        io.stderr.write(`REFUSED: ${e.message}\n`);
        return 1;
      }
      io.stdout.write(c.note);
      if (!c.stored) io.stderr.write('a newer checkpoint was stored meanwhile; this one was not stored\n');
    }
    if (target) {
      const n = exportCheckpoints(io, target, (await store.checkpoints()).map((c) => c.note));
      io.stderr.write(`exported ${n} checkpoint(s) to ${target}\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}

function readAnchors(io: CliIo, paths: readonly string[]): { name: string; note: string }[] {
  const out: { name: string; note: string }[] = [];
  for (const p of paths) {
    const full = resolve(io.cwd, p);
    const files = existsSync(full) && statSync(full).isDirectory()
      ? readdirSync(full).filter((f) => f.endsWith('.note')).sort().map((f) => join(full, f)) : [full];
    for (const f of files) out.push({ name: f, note: readText(io, f, 'anchored checkpoint') });
  }
  return out;
}

function quarantineLine(total: number, conflicts: number): string {
  return `warning: ${total} item(s) in the quarantine (received but not in the log)${conflicts > 0 ? `, ${conflicts} of them conflicting duplicates (same auditID and stage as a logged event, different content: tampering or a bug)` : ''}; \`phiguard audit review\` lists them`;
}

async function cmdVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    store: { type: 'string' }, 'public-key': { type: 'string' }, anchors: { type: 'string', multiple: true },
    deep: { type: 'boolean' }, format: { type: 'string' },
  });
  const format = str(values, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const store = await storeFrom(io, values);
  try {
    const verifier = await verifierFor(io, values, store);
    const started = Date.now();
    const report = await verifyStore(store, { verifier, anchors: readAnchors(io, list(values, 'anchors')), deep: values['deep'] === true });
    const secs = (Date.now() - started) / 1000;
    // Without checkpoints kept outside the store, deleting the tail and its checkpoints leaves a trail that verifies.
    const unanchored = report.anchors === 0 ? 'without external anchors: a truncation or rollback that also deleted checkpoints cannot be detected' : undefined;
    if (format === 'json') io.stdout.write(JSON.stringify({ ...report, externalAnchors: report.anchors > 0, ...(unanchored ? { warning: unanchored } : {}), seconds: secs }, null, 2) + '\n');
    else if (report.ok) {
      io.stdout.write(`OK: ${report.entries} entries, ${report.checkpoints} checkpoints${report.anchors ? ` and ${report.anchors} anchored checkpoints` : ''} verified under ${verifier.name} in ${secs.toFixed(1)}s; root ${report.root}${unanchored ? `; ${unanchored}` : ''}\n`);
      if (report.checkpoints === 0) io.stdout.write('warning: no checkpoint is stored; the trail is consistent but nothing is signed\n');
      if (report.quarantined > 0) io.stdout.write(`${quarantineLine(report.quarantined, report.conflicts)}\n`);
    } else {
      io.stdout.write(`FAILED: ${report.problems[0]?.message ?? 'unknown problem'}\n`);
      for (const p of report.problems.slice(1, 20)) io.stdout.write(`  also: ${p.message}\n`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

async function cmdProve(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    store: { type: 'string' }, 'audit-id': { type: 'string' }, stage: { type: 'string' }, entry: { type: 'string' },
    from: { type: 'string' }, to: { type: 'string' }, 'public-key': { type: 'string' }, out: { type: 'string' },
  });
  const store = await storeFrom(io, values);
  try {
    const latest = await latestCheckpoint(store);
    if (!latest) throw new UsageError('the store has no checkpoint yet; run `phiguard audit checkpoint --key F` first');
    let out: ProofBundle | ProofBundle[];
    const id = str(values, 'audit-id');
    if (id !== undefined || str(values, 'entry') !== undefined) {
      let seqs: number[];
      if (id !== undefined) {
        const found = (await store.findAuditId(id)).filter((x) => str(values, 'stage') === undefined || x.stage === str(values, 'stage'));
        if (found.length === 0) {
          io.stderr.write(`no event with auditID ${id}${str(values, 'stage') ? ` and stage ${str(values, 'stage')}` : ''} in the trail\n`);
          return 1;
        }
        seqs = found.map((f) => f.seq);
      } else {
        seqs = [int(values, 'entry', 0)];
      }
      const bundles: ProofBundle[] = [];
      for (const s of seqs) bundles.push(await inclusionBundle(store, s, latest));
      out = bundles.length === 1 ? bundles[0] as ProofBundle : bundles;
    } else if (str(values, 'from') !== undefined) {
      const from = int(values, 'from', 0);
      const toSize = int(values, 'to', latest.size);
      const to = (await store.checkpoints()).find((c) => c.size === toSize);
      if (!to) throw new UsageError(`no checkpoint of size ${toSize}; --to must be the size of a stored checkpoint`);
      const verifier = parseVerifierKey((await store.getMeta(PUBLIC_KEY_META)) ?? '');
      out = await consistencyBundle(store, from, to, verifier);
    } else {
      throw new UsageError('give --audit-id ID, --entry N, or --from N [--to M]');
    }
    const text = JSON.stringify(out, null, 2) + '\n';
    const file = str(values, 'out');
    if (file) writeFileSync(resolve(io.cwd, file), text);
    else io.stdout.write(text);
    return 0;
  } finally {
    await store.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}

async function cmdCheckProof(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { 'public-key': { type: 'string' }, trusted: { type: 'string' } });
  const file = positionals[0];
  if (!file) throw new UsageError('give the proof file (or - for stdin)');
  const verifier = parseVerifierKey(readText(io, str(values, 'public-key', true) as string, 'public key'));
  const trusted = str(values, 'trusted') ? readText(io, str(values, 'trusted') as string, 'trusted checkpoint') : undefined;
  const text = file === '-' ? await readAll(io.stdin) : readText(io, file, 'proof');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    io.stderr.write(`${file}: not JSON\n`);
    return 2;
  }
  let ok = true;
  for (const b of Array.isArray(value) ? value : [value]) {
    const r = checkProof(b, verifier, trusted);
    io.stdout.write(`${r.ok ? 'OK' : 'FAILED'}: ${r.message}\n`);
    ok &&= r.ok;
  }
  return ok ? 0 : 1;
}

async function cmdServe(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    store: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
    'client-ca': { type: 'string' }, 'token-file': { type: 'string' }, key: { type: 'string' }, 'checkpoint-interval': { type: 'string' },
    'max-body': { type: 'string' }, cluster: { type: 'string' }, synchronous: { type: 'string' }, witness: { type: 'string' },
  });
  const witness = witnessFor(io.cwd, str(values, 'key'), str(values, 'witness'));
  const port = int(values, 'port', NaN, 0);
  if (Number.isNaN(port)) throw new UsageError('--port is required');
  const cert = readText(io, str(values, 'tls-cert', true) as string, 'TLS certificate');
  const key = readText(io, str(values, 'tls-key', true) as string, 'TLS key');
  const ca = str(values, 'client-ca') ? readText(io, str(values, 'client-ca') as string, 'client CA') : undefined;
  const token = str(values, 'token-file') ? readText(io, str(values, 'token-file') as string, 'token file').trim() : undefined;
  if (!ca && !token) throw new UsageError('give --client-ca F or --token-file F: the receiver never accepts unauthenticated batches');
  if (token !== undefined && token.length < 16) throw new UsageError('the bearer token must be at least 16 characters');
  const signer = str(values, 'key') ? parseSignerKey(readText(io, str(values, 'key') as string, 'private key')) : undefined;
  const interval = int(values, 'checkpoint-interval', 10, 0.05) * 1000;
  const sync = str(values, 'synchronous');
  const store = await storeFrom(io, values, sync === 'NORMAL' ? 'NORMAL' : 'FULL');
  const log = (line: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const receiver = await startReceiver({
    store, host: str(values, 'host') ?? '0.0.0.0', port, cert: Buffer.from(cert), key: Buffer.from(key),
    ...(ca ? { clientCa: Buffer.from(ca) } : {}), ...(token !== undefined ? { token } : {}),
    maxBodyBytes: int(values, 'max-body', 32 * 1024 * 1024, 1024), ...(str(values, 'cluster') ? { cluster: str(values, 'cluster') as string } : {}), log,
  });
  io.stdout.write(`listening on https://${str(values, 'host') ?? '0.0.0.0'}:${receiver.port}\n`);
  if (signer && !witness) log(NO_WITNESS_WARNING.trim());
  let lastSize = -1;
  let lastError = '';
  let busy = false;
  const timer = signer ? setInterval(() => {
    if (busy) return;
    busy = true;
    store.size().then(async (size) => {
      if (size === lastSize) return;
      const c = await signAndWitness(store, signer, witness);
      lastSize = c.size;
      lastError = '';
    }).catch((e: unknown) => {
      // A refused fork repeats every interval; say it once per distinct problem rather than flood the log.
      const m = (e as Error).message;
      if (m !== lastError) log(`${e instanceof ForkError ? 'FORK DETECTED, checkpoint refused' : 'checkpoint failed'}: ${m}`);
      lastError = m;
    }).finally(() => {
      busy = false;
    });
  }, interval) : undefined;
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (timer) clearInterval(timer);
  await receiver.close();
  if (signer) await signAndWitness(store, signer, witness).catch((e: unknown) => log(`final checkpoint failed: ${(e as Error).message}`));
  await store.close();
  return 0;
}

async function cmdReview(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    store: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
    'phi-namespace': { type: 'string', multiple: true }, 'scope-from': { type: 'string', multiple: true },
    'break-glass-group': { type: 'string', multiple: true }, bindings: { type: 'string', multiple: true },
  });
  const format = (str(values, 'format') ?? 'text') as ReviewFormat;
  if (!['text', 'json', 'html', 'csv'].includes(format)) throw new UsageError('--format must be text, json, html or csv');
  const period = periodFrom(values, Date.now());
  const scope = phiPredicate(io, values);
  const facts = bindingFacts(manifests(io, list(values, 'bindings')));
  const review = createReview({
    since: period.since, until: period.until, isPhi: scope.isPhi, includeUntimed: period.whole,
    breakGlassGroups: [...DEFAULT_DETECT_OPTIONS.breakGlassGroups, ...list(values, 'break-glass-group'), ...facts.breakGlassGroups],
    breakGlassUsers: facts.breakGlassUsers,
  });
  const store = await storeFrom(io, values);
  try {
    await forEachView(store, 0, (v) => review.add(v));
    for (const q of await store.quarantine()) {
      review.quarantined({
        id: q.id, receivedAt: q.receivedAt, source: q.source, reason: q.reason,
        ...(q.auditId !== undefined ? { auditID: q.auditId } : {}), ...(q.stage !== undefined ? { stage: q.stage } : {}),
        ...(q.conflictsWith !== undefined ? { conflictsWith: q.conflictsWith } : {}),
      });
    }
  } finally {
    await store.close();
  }
  const text = formatReview(review.report(), format);
  const file = str(values, 'out');
  if (file) writeFileSync(resolve(io.cwd, file), text);
  else io.stdout.write(text);
  io.stderr.write(`${scope.describe}\n`);
  return 0;
}

export function detectOptionsFrom(io: CliIo, values: Opts): DetectOptions {
  const scope = phiPredicate(io, values);
  const bindingFiles = list(values, 'bindings');
  const facts = bindingFacts(manifests(io, bindingFiles));
  const cidrs: IpRange[] = [];
  for (const c of list(values, 'cluster-cidr')) {
    const p = parseCidr(c);
    if (!p) throw new UsageError(`--cluster-cidr ${c} is not a CIDR`);
    cidrs.push(p);
  }
  const d = DEFAULT_DETECT_OPTIONS;
  return {
    ...d,
    isPhi: scope.isPhi,
    breakGlassGroups: [...d.breakGlassGroups, ...list(values, 'break-glass-group'), ...facts.breakGlassGroups],
    breakGlassUsers: facts.breakGlassUsers,
    breakGlassBindings: facts.breakGlassBindings,
    superUsers: [...d.superUsers, ...list(values, 'super-user')],
    impersonators: list(values, 'impersonator'),
    clusterCidrs: cidrs.length > 0 ? cidrs : d.clusterCidrs,
    gapMs: int(values, 'gap-minutes', d.gapMs / 60_000, 1) * 60_000,
    dormantDays: int(values, 'dormant-days', d.dormantDays, 1),
    ...(bindingFiles.length > 0 ? { bindings: facts.subjects } : {}),
  };
}

function alertLine(f: Finding): string {
  return `${f.severity.toUpperCase().padEnd(8)} ${f.control} ${f.title}: ${f.message}${f.resource ? ` [${describeRef(f.resource)}]` : ''}\n`;
}

async function cmdDetect(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    store: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' },
    follow: { type: 'boolean' }, interval: { type: 'string' }, out: { type: 'string' },
    'phi-namespace': { type: 'string', multiple: true }, 'scope-from': { type: 'string', multiple: true }, bindings: { type: 'string', multiple: true },
    'break-glass-group': { type: 'string', multiple: true }, 'super-user': { type: 'string', multiple: true },
    impersonator: { type: 'string', multiple: true }, 'cluster-cidr': { type: 'string', multiple: true },
    'gap-minutes': { type: 'string' }, 'dormant-days': { type: 'string' },
  });
  const format = str(values, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError('--format must be text, json or sarif');
  const opts = detectOptionsFrom(io, values);
  const period = periodFrom(values, Date.now());
  const detector = createDetector(opts, { live: values['follow'] === true });
  const findings: Finding[] = [];
  let first = Infinity;
  let last = -Infinity;
  const store = await storeFrom(io, values);
  try {
    if (values['follow']) {
      const interval = int(values, 'interval', 1, 0.05) * 1000;
      let next = await store.size();
      io.stderr.write(`following ${store.location} from entry ${next}; Ctrl-C to stop\n`);
      let stopped = false;
      const stop = (): void => {
        stopped = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let found = 0;
      while (!stopped) {
        next = await forEachView(store, next, (v) => {
          for (const f of detector.observe(v)) {
            found++;
            io.stdout.write(format === 'text' ? alertLine(f) : JSON.stringify(f) + '\n');
          }
        });
        await new Promise((r) => setTimeout(r, interval));
      }
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      return found > 0 ? 1 : 0;
    }
    await forEachView(store, 0, (v) => {
      if (!inPeriod(period, v.time)) return;
      if (!Number.isNaN(v.time)) {
        first = Math.min(first, v.time);
        last = Math.max(last, v.time);
      }
      for (const f of detector.observe(v)) findings.push(f);
    });
    for (const q of await store.quarantine()) {
      if (q.conflictsWith === undefined || !inPeriod(period, Date.parse(q.receivedAt))) continue;
      findings.push(...detector.observeConflict({ id: q.id, auditID: q.auditId ?? '', stage: q.stage ?? '', entry: q.conflictsWith, receivedAt: q.receivedAt, source: q.source }));
    }
  } finally {
    await store.close();
  }
  const done = detector.finish();
  for (const f of done.findings) findings.push(f);
  const note = periodText(period, first, last);
  if (format !== 'text') io.stderr.write(`${note}\n`);
  const text = renderFindings(findings, done.controls, format) + (format === 'text' ? `${note}\n` : '');
  const file = str(values, 'out');
  if (file) writeFileSync(resolve(io.cwd, file), text);
  else io.stdout.write(text);
  return findings.length > 0 ? 1 : 0;
}

/** Detection results in the scan report contracts (JSON schemaVersion, SARIF 2.1.0). */
export function renderFindings(findings: readonly Finding[], controls: readonly ControlResult[], format: string): string {
  if (format === 'text') {
    if (findings.length === 0) return `no HK-AL findings (${controls.map((c) => `${c.id} ${c.status}`).join(', ')})\n`;
    return findings.map(alertLine).join('') + `${findings.length} finding(s)\n`;
  }
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const byStatus = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, controls.filter((c) => c.status === s).length])) as Record<ControlStatus, number>;
  const result = {
    findings, waived: [], controls, errors: [], warnings: [], waiverIssues: [],
    scope: { undeclared: false, namespaces: [] },
    summary: { resources: 0, findings: findings.length, bySeverity, byStatus, errors: 0 },
  };
  const input = { tool: toolInfo(), result };
  return format === 'sarif' ? formatSarif(input, { color: false, pretty: true }) : formatJson(input, { color: false, pretty: true });
}

const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> = {
  keygen: cmdKeygen,
  import: cmdImport,
  serve: cmdServe,
  checkpoint: cmdCheckpoint,
  verify: cmdVerify,
  prove: cmdProve,
  'check-proof': cmdCheckProof,
  review: cmdReview,
  detect: cmdDetect,
};

export const auditCommand: Command = {
  name: 'audit',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const fn = sub ? SUBCOMMANDS[sub] : undefined;
    if (!fn) throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'give a subcommand');
    return fn(rest, io);
  },
};

