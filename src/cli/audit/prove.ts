import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseVerifierKey } from '../../audit/note.js';
import type { ProofBundle } from '../../audit/proof.js';
import { PUBLIC_KEY_META, consistencyBundle, inclusionBundle, latestCheckpoint } from '../../audit/trail.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { int, str } from './args.js';
import { PUBLIC_KEY_OPTION, STORE_OPTION, storeFrom } from './store-options.js';

const spec = defineCommand({
  name: 'audit prove',
  synopsis: '(--audit-id ID [--stage S] | --entry N | --from N [--to M])',
  summary: 'Writes a proof bundle: that an event is in the trail (inclusion, by auditID or entry), or that a later checkpoint extends an earlier tree (consistency).',
  options: {
    ...STORE_OPTION,
    'audit-id': { type: 'string', value: 'ID', help: 'prove the event(s) with this auditID' },
    stage: { type: 'string', value: 'S', help: 'only the event at this stage' },
    entry: { type: 'string', value: 'N', help: 'prove entry N' },
    from: { type: 'string', value: 'N', help: 'prove the tree of size N is extended by a later checkpoint' },
    to: { type: 'string', value: 'M', help: 'the size of that checkpoint (default: the latest)' },
    ...PUBLIC_KEY_OPTION,
    out: { type: 'string', value: 'FILE', help: 'write the proof here (default stdout)' },
  },
});

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
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

/** `phiguard audit prove`. */
export const proveSubcommand: Subcommand = { spec, run };
