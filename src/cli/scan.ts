import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { atLeast } from '../catalog/severity.js';
import { loadConfig } from '../config/load.js';
import { formatJson, formatJsonPieces } from '../report/json.js';
import { formatCsv } from '../report/csv.js';
import { formatHtml } from '../report/html.js';
import { formatJunit } from '../report/junit.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatPolicyReport } from '../report/policyreport.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import type { Formatter } from '../report/report.js';
import { RULES } from '../rules/index.js';
import { evaluateInputs, evaluateInputsWithResources } from '../scan/evaluate-threaded.js';
import { readInputs } from '../sources/files.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import type { ScanConfig } from '../core/config.js';
import type { EvaluationResult } from '../core/engine.js';
import type { InputError } from '../core/finding.js';
import type { ClusterOptions, Format } from './scan-options.js';
import { evaluate } from '../core/engine.js';
import type { ClusterProgress } from '../sources/cluster/read.js';
import { ClusterError } from '../sources/cluster/cluster-error.js';
import { effectiveConfig, parseScanArgs, SCAN_SPEC } from './scan-options.js';
import { helpText } from './options.js';
import { toolInfo } from './tool-info.js';
import { writeInputProblems } from './input-problems.js';
import { readBaseline } from './baseline.js';
import { compareWithBaseline, markOf } from '../report/trend.js';
import type { ReportContext } from '../report/report.js';
import { assertAuditStore, buildReportContext } from './report-context.js';

const FORMATTERS: Readonly<Record<Format, Formatter>> = {
  text: formatText, json: formatJson, sarif: formatSarif, junit: formatJunit, markdown: formatMarkdown, csv: formatCsv, policyreport: formatPolicyReport, html: formatHtml,
};

/**
 * Reads and evaluates in a scope of its own: once it returns, the input texts and parsed objects are garbage,
 * so formatting a large report does not hold them too.
 */
async function evaluatePaths(
  paths: readonly string[], config: ScanConfig, only: readonly string[] | undefined, io: CliIo, html?: { auditStore?: string | undefined },
): Promise<{ result: EvaluationResult; context?: ReportContext }> {
  const read = await readInputs(paths, io.stdin, io.cwd);
  if (!html) return { result: await evaluateInputs(read.inputs, RULES, config, only ? { only } : {}, read.errors) };
  // The evidence report quotes the source lines and draws the flow map, so it keeps the texts and resources.
  const { result, resources } = await evaluateInputsWithResources(read.inputs, RULES, config, only ? { only } : {}, read.errors);
  return { result, context: await buildReportContext(read.inputs, io.cwd, result, config, html.auditStore, resources) };
}

function emptyWarning(paths: readonly string[]): InputError {
  return { file: paths.join(' '), line: 0, column: 0, message: 'no Kubernetes resources in the input (an empty pipe, e.g. from a failed `helm template`?); nothing was judged' };
}

function ciIsSet(env: CliIo['env']): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Reads the cluster (progress on a terminal only), says which kinds it could not read, and evaluates what it read. */
async function evaluateCluster(cluster: ClusterOptions, config: ScanConfig, only: readonly string[] | undefined, io: CliIo): Promise<EvaluationResult> {
  const tty = io.stderr.isTTY === true;
  let shown = 0;
  // Loaded here, not at the top: the Kubernetes client takes most of a second to load, and a file scan never needs it.
  const { readCluster } = await import('../sources/cluster/read.js');
  const read = await readCluster({
    ...cluster, env: io.env, cwd: io.cwd,
    ...(tty ? { progress: (p: ClusterProgress) => {
      // At most a few redraws a second: a large cluster answers thousands of pages.
      const now = Date.now();
      if (now - shown < 100 && p.kindsDone < p.kinds) return;
      shown = now;
      io.stderr.write(`\r\x1b[Kreading the cluster: ${p.kindsDone}/${p.kinds} kinds, ${p.objects} objects (${p.current})`);
    } } : {}),
  }).finally(() => { if (tty) io.stderr.write('\r\x1b[K'); });
  for (const u of read.unreadable) {
    if (u.reason === 'forbidden') io.stderr.write(`phiguard: cannot list ${u.resource}${u.group ? `.${u.group}` : ''} (forbidden); a rule that allows it: ${u.rule ?? ''}\n`);
    else if (u.reason === 'error') io.stderr.write(`phiguard: cannot list ${u.resource}${u.group ? `.${u.group}` : ''}: ${u.message}\n`);
  }
  if (cluster.save !== undefined) {
    const { saveClusterRead } = await import('../sources/cluster/save.js');
    const files = await saveClusterRead(path.resolve(io.cwd, cluster.save), read.resources);
    io.stderr.write(`phiguard: saved ${read.resources.length} objects in ${files.length} files to ${cluster.save}\n`);
  }
  return evaluate({ resources: read.resources, errors: read.errors }, RULES, config, only ? { only } : {});
}

export const scanCommand: Command = {
  name: 'scan',
  usage: helpText(SCAN_SPEC),
  specs: [SCAN_SPEC],
  async run(argv, io) {
    const opts = parseScanArgs(argv);
    const config = effectiveConfig(await loadConfig(opts.config, io.cwd), opts);
    const baseline = opts.baseline !== undefined ? await readBaseline(opts.baseline, io.cwd) : undefined;
    if (opts.auditStore !== undefined && opts.format !== 'html') throw new UsageError('--audit-store goes with --format html (the evidence report)');
    if (opts.auditStore !== undefined) assertAuditStore(opts.auditStore, io.cwd);
    let evaluated: EvaluationResult;
    let context: ReportContext | undefined;
    try {
      if (opts.cluster) evaluated = await evaluateCluster(opts.cluster, config, opts.only, io);
      else ({ result: evaluated, context } = await evaluatePaths(opts.paths, config, opts.only, io, opts.format === 'html' ? { auditStore: opts.auditStore } : undefined));
    } catch (e) {
      if (!(e instanceof ClusterError)) throw e;
      io.stderr.write(`phiguard: ${e.message}\n`);
      return 2;
    }
    const empty = evaluated.summary.resources === 0;
    const result = empty ? { ...evaluated, warnings: [...evaluated.warnings, emptyWarning(opts.paths)] } : evaluated;
    const trend = baseline && opts.baseline !== undefined ? compareWithBaseline(result.findings, baseline, opts.baseline) : undefined;
    const color = opts.output === undefined && opts.format === 'text' &&
      (opts.color ?? (io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined));
    const terminal = opts.output === undefined && io.stdout.isTTY === true;
    const input = { tool: toolInfo(), result, ...(trend ? { trend } : {}), ...(context ? { context } : {}) };
    const options = { color: color && io.env['NO_COLOR'] === undefined, pretty: terminal, now: config.now,
      ...(opts.quiet === true ? { quiet: true } : {}), ...(opts.top !== undefined ? { top: opts.top } : {}) };
    // JSON goes out piece by piece: a large report is never held whole, as a string and again as bytes.
    const pieces = opts.format === 'json' ? formatJsonPieces(input, options) : [FORMATTERS[opts.format](input, options)];
    if (opts.output) await writeFile(path.resolve(io.cwd, opts.output), pieces);
    else for (const piece of pieces) io.stdout.write(piece);
    // A text report on the terminal already shows them; anywhere else (a file, a pipe, JSON) stderr is where a person looks.
    if (!(terminal && opts.format === 'text')) writeInputProblems(result, io);
    if (result.errors.length > 0) return 2;
    if (empty && (opts.failOnEmpty ?? ciIsSet(io.env))) return 2;
    const failing = opts.failOnNew ? result.findings.filter((f) => markOf(trend, f) === 'new') : result.findings;
    return failing.some((f) => atLeast(f.severity, config.failOn)) ? 1 : 0;
  },
};
