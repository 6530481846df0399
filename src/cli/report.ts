import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openNote, parseSignerKey, signNote } from '../audit/note.js';
import { catalogVersion } from '../catalog/version.js';
import { loadConfig } from '../config/load.js';
import { MANIFEST_FILE, manifestText } from '../report/bundle-manifest.js';
import { formatCsv } from '../report/csv.js';
import { formatJson } from '../report/json.js';
import { formatHtml } from '../report/html.js';
import { formatJunit } from '../report/junit.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatPolicyReport } from '../report/policyreport.js';
import type { Formatter, ReportInput } from '../report/report.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { RULES } from '../rules/index.js';
import { evaluateInputsWithResources } from '../scan/evaluate-threaded.js';
import { readInputs } from '../sources/files.js';
import { digestTree } from './bundle-files.js';
import { assertAuditStore, buildReportContext } from './report-context.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { effectiveConfig, SCAN_INPUT_OPTIONS, scanOptionsFrom } from './scan-options.js';
import { defineCommand, helpText, parseCommand } from './options.js';
import { writeInputProblems } from './input-problems.js';
import { toolInfo } from './tool-info.js';

export const REPORT_SPEC = defineCommand({
  name: 'report',
  synopsis: '--bundle DIR --key FILE PATH...',
  summary: `Scans PATH... like phiguard scan and writes a signed evidence bundle to DIR (which must be empty or absent):
the results in every format, the inputs' SHA-256, the catalog version, the configuration and waivers in force,
and MANIFEST.note, the SHA-256 of every file signed with the Ed25519 key FILE (from phiguard audit keygen).
Check it later with phiguard verify-bundle DIR (its public key option names FILE.pub). The format is in docs/evidence-bundle.md.
--audit-store STORE adds the audit trail's access review and detections to report.html and audit.json.`,
  options: {
    bundle: { type: 'string', value: 'DIR', help: 'write the bundle to DIR (empty or absent)' },
    key: { type: 'string', value: 'FILE', help: 'Ed25519 private key that signs MANIFEST.note (from phiguard audit keygen)' },
    ...SCAN_INPUT_OPTIONS,
    namespace: { ...SCAN_INPUT_OPTIONS.namespace, help: 'namespace of resources that name none (default "default")' },
  },
  notes: ['Exit codes: 0 bundle written; 2 usage, configuration or input errors.'],
});

const RESULTS: readonly [string, Formatter][] = [
  ['results.txt', formatText], ['results.json', formatJson], ['results.sarif', formatSarif], ['results.junit.xml', formatJunit],
  ['results.md', formatMarkdown], ['results.csv', formatCsv], ['results.policyreport.yaml', formatPolicyReport], ['report.html', formatHtml],
];

export const reportCommand: Command = {
  name: 'report',
  usage: helpText(REPORT_SPEC),
  specs: [REPORT_SPEC],
  async run(argv, io) {
    const { values, positionals } = parseCommand(REPORT_SPEC, argv);
    const { bundle, key } = values;
    if (bundle === undefined) throw new UsageError('give --bundle DIR');
    if (key === undefined) throw new UsageError('give --key FILE, a private key from phiguard audit keygen');
    const opts = scanOptionsFrom(values, positionals, false);
    if (opts.paths.includes('-')) throw new UsageError('a bundle records its inputs\' digests: give files or directories, not standard input');
    let signer;
    try {
      signer = parseSignerKey(await readFile(path.resolve(io.cwd, key), 'utf8'));
    } catch (e) {
      throw new UsageError(`--key ${key}: ${(e as Error).message}`);
    }
    const dir = path.resolve(io.cwd, bundle);
    await mkdir(dir, { recursive: true });
    if ((await readdir(dir)).length > 0) throw new UsageError(`--bundle ${bundle}: the directory is not empty; a bundle is written once, into a new directory`);
    const config = effectiveConfig(await loadConfig(opts.config, io.cwd), opts);
    const read = await readInputs(opts.paths, io.stdin, io.cwd);
    if (opts.auditStore !== undefined) assertAuditStore(opts.auditStore, io.cwd);
    const { result, resources } = await evaluateInputsWithResources(read.inputs, RULES, config, opts.only ? { only: opts.only } : {}, read.errors);
    const context = await buildReportContext(read.inputs, io.cwd, result, config, opts.auditStore, resources);
    const inputs = context.inputs ?? [];
    writeInputProblems(result, io);
    const tool = toolInfo();
    const input: ReportInput = { tool, result, context };
    const options = { color: false, pretty: true, now: config.now };
    for (const [name, format] of RESULTS) await writeFile(path.join(dir, name), format(input, options));
    const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
    await writeFile(path.join(dir, 'inputs.json'), json({ inputs }));
    await writeFile(path.join(dir, 'catalog.json'), json({ tool, catalog: catalogVersion() }));
    await writeFile(path.join(dir, 'config.json'), json({ config: { ...config, waivers: undefined }, only: opts.only ?? null }));
    await writeFile(path.join(dir, 'waivers.json'), json({ waivers: config.waivers, applied: result.waived.length, problems: result.waiverIssues }));
    if (context.audit) await writeFile(path.join(dir, 'audit.json'), json({ audit: context.audit }));
    const note = signNote(manifestText(await digestTree(dir, MANIFEST_FILE)), signer);
    if (!openNote(note, signer.verifier).verified) throw new Error('the manifest signature does not verify with its own key');
    await writeFile(path.join(dir, MANIFEST_FILE), note);
    // Evidence is read-only once written: a later edit needs a deliberate chmod first.
    for (const e of await readdir(dir)) await chmod(path.join(dir, e), 0o444);
    io.stdout.write(`evidence bundle: ${dir} (${(await readdir(dir)).length} files), signed by ${signer.name}; ${result.summary.findings} findings\n`);
    return result.errors.length > 0 ? 2 : 0;
  },
};
