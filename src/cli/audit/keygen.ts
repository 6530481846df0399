import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateNoteKey } from '../../audit/note.js';
import { isHttpWitness } from '../audit-http-witness.js';
import { NO_WITNESS_WARNING, witnessSidecar } from '../audit-witness.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { str } from './args.js';

const spec = defineCommand({
  name: 'audit keygen',
  synopsis: '--name ORIGIN --out PREFIX',
  summary: 'Writes a checkpoint signing key pair: PREFIX.key (private, mode 0600) and PREFIX.pub. A witness DIR (outside the store) receives every checkpoint signed with the key; a witness URL, a C2SP tlog-witness another team runs, must cosign each.',
  options: {
    name: { type: 'string', value: 'ORIGIN', help: 'the log origin the key signs for (required)' },
    out: { type: 'string', value: 'PREFIX', help: 'write PREFIX.key and PREFIX.pub (required)' },
    witness: { type: 'string', value: 'DIR|URL', help: 'record the witness of this key (PREFIX.witness)' },
    force: { type: 'boolean', help: 'overwrite existing key files' },
  },
});

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
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

/** `phiguard audit keygen`. */
export const keygenSubcommand: Subcommand = { spec, run };
