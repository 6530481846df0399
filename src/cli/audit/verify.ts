import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyStore } from '../../audit/verify.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Subcommand } from '../options.js';
import { defineCommand, parseCommand } from '../options.js';
import { list, readText, str } from './args.js';
import { PUBLIC_KEY_OPTION, STORE_OPTION, storeFrom, verifierFor } from './store-options.js';

const spec = defineCommand({
  name: 'audit verify',
  synopsis: '',
  summary: 'Checks the whole trail: every entry against the tree, every checkpoint signature, and that each checkpoint extends the one before; anchors kept outside the store also catch a truncation.',
  options: {
    ...STORE_OPTION,
    ...PUBLIC_KEY_OPTION,
    anchors: { type: 'string', multiple: true, value: 'FILE|DIR', help: 'checkpoints kept outside the store (.note files)' },
    deep: { type: 'boolean', help: 'also re-hash every stored entry' },
    format: { type: 'string', value: 'text|json', help: 'output format (default text)' },
  },
});

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

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(spec, argv);
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

/** `phiguard audit verify`. */
export const verifySubcommand: Subcommand = { spec, run };
