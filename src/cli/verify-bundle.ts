import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NoteError, openNote, parseVerifierKey } from '../audit/note.js';
import { compareManifest, MANIFEST_FILE, ManifestError, parseManifest } from '../report/bundle-manifest.js';
import { digestTree } from './bundle-files.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { defineCommand, helpText, parseCommand } from './options.js';

export const VERIFY_BUNDLE_SPEC = defineCommand({
  name: 'verify-bundle',
  synopsis: 'DIR --public-key FILE',
  summary: `Checks an evidence bundle written by phiguard report: the signature of MANIFEST.note by the key in FILE
(PREFIX.pub from phiguard audit keygen), and that every file is as the manifest lists it, with none added or removed.`,
  options: { 'public-key': { type: 'string', value: 'FILE', help: 'the Ed25519 public key the manifest is checked against (PREFIX.pub)' } },
  notes: ['Exit codes: 0 the bundle is intact; 1 a file changed, was added or removed, or the signature is missing or bad; 2 usage errors.'],
});

export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  usage: helpText(VERIFY_BUNDLE_SPEC),
  specs: [VERIFY_BUNDLE_SPEC],
  async run(argv, io) {
    const parsed = parseCommand(VERIFY_BUNDLE_SPEC, argv);
    const [bundle, ...extra] = parsed.positionals;
    const keyFile = parsed.values['public-key'];
    if (bundle === undefined || extra.length > 0) throw new UsageError('give exactly one bundle directory');
    if (keyFile === undefined) throw new UsageError('give --public-key FILE');
    let verifier;
    try {
      verifier = parseVerifierKey(await readFile(path.resolve(io.cwd, keyFile), 'utf8'));
    } catch (e) {
      throw new UsageError(`--public-key ${keyFile}: ${(e as Error).message}`);
    }
    const dir = path.resolve(io.cwd, bundle);
    const manifestPath = path.join(bundle, MANIFEST_FILE);
    let note: string;
    try {
      note = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
    } catch {
      io.stderr.write(`${manifestPath}: missing: the bundle has no signed manifest\n`);
      return 1;
    }
    let entries;
    try {
      const opened = openNote(note, verifier);
      if (!opened.verified) {
        io.stderr.write(`${manifestPath}: bad signature: no valid signature by ${verifier.name} (the manifest was altered, or signed by another key)\n`);
        return 1;
      }
      entries = parseManifest(opened.text);
    } catch (e) {
      if (!(e instanceof NoteError) && !(e instanceof ManifestError)) throw e;
      io.stderr.write(`${manifestPath}: bad signature: ${e.message}\n`);
      return 1;
    }
    const problems = compareManifest(entries, await digestTree(dir, MANIFEST_FILE));
    const why = { changed: 'changed: its SHA-256 differs from the signed manifest', added: 'added: not in the signed manifest', removed: 'removed: listed in the signed manifest but missing' };
    for (const p of problems) io.stderr.write(`${path.join(bundle, p.path)}: ${why[p.kind]}\n`);
    if (problems.length > 0) return 1;
    io.stdout.write(`${bundle}: intact; ${entries.length} files match the manifest signed by ${verifier.name}\n`);
    return 0;
  },
};
