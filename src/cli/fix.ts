import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { describeRef } from '../core/resource.js';
import { fixTexts } from '../remediation/fix-texts.js';
import type { AppliedFix } from '../remediation/fix-texts.js';
import { unifiedDiff } from '../remediation/unified-diff.js';
import { RULES } from '../rules/index.js';
import { readInputs } from '../sources/files.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { defineCommand, helpText, parseCommand } from './options.js';

export const FIX_SPEC = defineCommand({
  name: 'fix',
  synopsis: 'PATH...',
  summary: `Applies the rules' safe fixes to the manifests in place. Only the changed nodes change: comments, key order,
quoting, indentation and document separators stay as they were. Fixes that could break a workload (for example
runAsNonRoot on an image that runs as root, or readOnlyRootFilesystem on one that writes) are listed as suggestions,
with why, and never applied. Helm templates ({{ }}) and JSON files are refused and left untouched.`,
  options: {
    'dry-run': { type: 'boolean', help: 'print a unified diff of what would change; write nothing' },
    control: { type: 'string', multiple: true, value: 'ID', help: "only this control's fixes" },
  },
});

function where(f: AppliedFix): string {
  return `${f.file}:${f.line}: ${f.control}${f.resource ? ` ${describeRef(f.resource)}` : ''}`;
}

export const fixCommand: Command = {
  name: 'fix',
  usage: helpText(FIX_SPEC),
  specs: [FIX_SPEC],
  async run(argv, io) {
    const { values, positionals } = parseCommand(FIX_SPEC, argv);
    if (positionals.length === 0) throw new UsageError('give at least one file or directory to fix');
    if (positionals.includes('-')) throw new UsageError('fix edits files in place; standard input (-) cannot be fixed');
    const controls = new Set(values.control ?? []);
    for (const c of controls) if (!/^HK-[A-Z]{2}-\d{3}$/.test(c)) throw new UsageError(`--control: "${c}" is not a control id such as HK-PS-009`);
    const config = await loadConfig(undefined, io.cwd);
    const read = await readInputs(positionals, io.stdin, io.cwd);
    for (const e of read.errors) io.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
    // Progress only on a terminal: a pipe gets nothing but the result.
    const tty = io.stderr.isTTY === true;
    if (tty) io.stderr.write(`phiguard fix: scanning ${read.inputs.length} file(s)\n`);
    const result = fixTexts(read.inputs, RULES, config, { controls, ...(tty ? { onRound: (round: number, fixes: number) => { io.stderr.write(`phiguard fix: round ${round}, ${fixes} fix(es)\n`); } } : {}) });
    const out: string[] = [];
    for (const f of result.files) {
      if (f.before === f.after) continue;
      if (values['dry-run']) out.push(unifiedDiff(f.file, f.before, f.after));
      else await writeFile(path.resolve(io.cwd, f.file), f.after);
    }
    for (const r of result.refused) io.stderr.write(`${r.file}:${r.line}: refused: ${r.reason}\n`);
    const verb = values['dry-run'] ? 'would fix' : 'fixed';
    for (const a of result.applied) out.push(`${verb} ${where(a)}: ${a.description}\n`);
    for (const f of result.failed) out.push(`not fixed ${where(f)}: ${f.description}: ${f.reason}\n`);
    for (const s of result.suggestions) out.push(`suggestion ${where(s)}: ${s.description} (not applied: ${s.why})\n`);
    out.push(`${result.applied.length} fix${result.applied.length === 1 ? '' : 'es'} ${values['dry-run'] ? 'to apply' : 'applied'}; fixable findings ${result.fixableBefore} before, ${result.fixableAfter} after; ${result.suggestions.length} suggestion${result.suggestions.length === 1 ? '' : 's'} left to a person\n`);
    io.stdout.write(out.join(''));
    return read.errors.length > 0 ? 2 : result.refused.length > 0 || result.failed.length > 0 ? 1 : 0;
  },
};
