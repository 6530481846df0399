import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestStream, newStats } from '../../audit/ingest.js';
import { parseSignerKey } from '../../audit/note.js';
import { ForkError } from '../../audit/trail.js';
import { NO_WITNESS_WARNING, signAndWitness, witnessFor } from '../audit-witness.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { int, readText, str } from './args.js';
import { SIGNING_OPTIONS, STORE_OPTION, SYNCHRONOUS_OPTION, storeFrom } from './store-options.js';

const spec = defineCommand({
  name: 'audit import',
  synopsis: 'FILE...|-',
  summary: 'Imports audit events, JSON lines or EventList documents (audit.k8s.io v1, v1beta1), into the trail; with --key it then signs a checkpoint. Malformed lines are skipped and reported (exit 2).',
  options: {
    ...STORE_OPTION,
    ...SIGNING_OPTIONS,
    cluster: { type: 'string', value: 'NAME', help: 'the cluster the events come from' },
    batch: { type: 'string', value: 'N', help: 'events per commit (default 5000)' },
    ...SYNCHRONOUS_OPTION,
    'report-commits': { type: 'boolean', help: 'print "committed N" on stdout after each commit' },
  },
});

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(spec, argv);
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

/** `phiguard audit import`. */
export const importSubcommand: Subcommand = { spec, run };
