import { checkProof } from '../../audit/proof.js';
import { parseVerifierKey } from '../../audit/note.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { readAll, readText, str } from './args.js';

const spec = defineCommand({
  name: 'audit check-proof',
  synopsis: 'FILE|-',
  summary: 'Checks a proof bundle from audit prove without the store: the checkpoint signature and the proof path.',
  options: {
    'public-key': { type: 'string', value: 'FILE', help: 'the public key (PREFIX.pub) the checkpoint must verify under (required)' },
    trusted: { type: 'string', value: 'CHECKPOINT', help: 'a checkpoint you already trust, which the proof must be consistent with' },
  },
});

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(spec, argv);
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

/** `phiguard audit check-proof`. */
export const checkProofSubcommand: Subcommand = { spec, run };
