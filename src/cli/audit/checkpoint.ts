import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSignerKey } from '../../audit/note.js';
import { ForkError } from '../../audit/trail.js';
import { NO_WITNESS_WARNING, signAndWitness, witnessFor, writeCheckpointFile } from '../audit-witness.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { readText, str } from './args.js';
import { SIGNING_OPTIONS, STORE_OPTION, storeFrom } from './store-options.js';

const spec = defineCommand({
  name: 'audit checkpoint',
  synopsis: '',
  summary: 'Signs a checkpoint of the tree now (--key) and/or exports the stored checkpoints (--export FILE writes the latest, DIR each one).',
  options: {
    ...STORE_OPTION,
    ...SIGNING_OPTIONS,
    export: { type: 'string', value: 'FILE|DIR', help: 'export checkpoints: the latest to FILE, or every one into DIR' },
  },
});

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

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
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

/** `phiguard audit checkpoint`. */
export const checkpointSubcommand: Subcommand = { spec, run };
