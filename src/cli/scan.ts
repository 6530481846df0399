import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { atLeast } from '../core/severity.js';
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
import { evaluateInputs } from '../sources/evaluate-threaded.js';
import { readInputs } from '../sources/files.js';
import type { CliIo, Command } from './command.js';
import type { ScanConfig } from '../core/config.js';
import type { EvaluationResult } from '../core/engine.js';
import type { Format } from './scan-options.js';
import { effectiveConfig, parseScanArgs } from './scan-options.js';
import { toolInfo } from './tool-info.js';
import { readBaseline } from './baseline.js';
import { compareWithBaseline, markOf } from '../report/trend.js';

const FORMATTERS: Readonly<Record<Format, Formatter>> = {
  text: formatText, json: formatJson, sarif: formatSarif, junit: formatJunit, markdown: formatMarkdown, csv: formatCsv, policyreport: formatPolicyReport, html: formatHtml,
};

export const SCAN_USAGE = `Usage: phiguard scan PATH... | - [options]

Scans Kubernetes manifests (YAML, multi-document YAML, JSON, kind: List), Helm or Kustomize output,
cluster dumps and control-plane files, and maps every finding to its HIPAA citation.

Options:
  -f, --format FORMAT            text, json, sarif, junit, markdown, csv, policyreport or html (default text)
  -o, --output FILE              write the report to FILE instead of standard output
      --fail-on SEVERITY         exit 1 when a finding is at or above it (default high)
  -c, --config FILE              configuration file (default .phiguard.yaml when present)
  -n, --namespace NS             namespace of resources that name none (default "default")
      --phi-namespace NS         put namespace NS in PHI scope (repeatable)
      --allowed-registry PREFIX  allowed image registry (repeatable)
      --provider eks|gke|aks     the control plane is managed by this provider
      --kubernetes-version X.Y   the cluster's Kubernetes version
      --only IDS                 run only these controls (comma-separated)
      --skip IDS                 skip these controls
      --now TIME                 evaluate time-based checks at TIME (RFC 3339)
      --baseline FILE            mark findings new, unchanged or fixed against a previous --format json report
      --fail-on-new              exit 1 only for new findings at or above --fail-on (needs --baseline)
      --no-color                 never colour the text output (NO_COLOR is honoured too)
      --max-document-mb N        largest document, or item of a List, read from input (MiB, default 32)

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, configuration or input errors.`;

/**
 * Reads and evaluates in a scope of its own: once it returns, the input texts and parsed objects are garbage,
 * so formatting a large report does not hold them too.
 */
async function evaluatePaths(paths: readonly string[], config: ScanConfig, only: readonly string[] | undefined, io: CliIo): Promise<EvaluationResult> {
  const read = await readInputs(paths, io.stdin, io.cwd);
  return evaluateInputs(read.inputs, RULES, config, only ? { only } : {}, read.errors);
}

export const scanCommand: Command = {
  name: 'scan',
  usage: SCAN_USAGE,
  async run(argv, io) {
    const opts = parseScanArgs(argv);
    const config = effectiveConfig(await loadConfig(opts.config, io.cwd), opts);
    const baseline = opts.baseline !== undefined ? await readBaseline(opts.baseline, io.cwd) : undefined;
    const result = await evaluatePaths(opts.paths, config, opts.only, io);
    const trend = baseline && opts.baseline !== undefined ? compareWithBaseline(result.findings, baseline, opts.baseline) : undefined;
    const color = opts.output === undefined && opts.format === 'text' &&
      (opts.color ?? (io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined));
    const terminal = opts.output === undefined && io.stdout.isTTY === true;
    const input = { tool: toolInfo(), result, ...(trend ? { trend } : {}) };
    const options = { color: color && io.env['NO_COLOR'] === undefined, pretty: terminal, now: config.now };
    // JSON goes out piece by piece: a large report is never held whole, as a string and again as bytes.
    const pieces = opts.format === 'json' ? formatJsonPieces(input, options) : [FORMATTERS[opts.format](input, options)];
    if (opts.output) await writeFile(path.resolve(io.cwd, opts.output), pieces);
    else for (const piece of pieces) io.stdout.write(piece);
    if (result.errors.length > 0) return 2;
    const failing = opts.failOnNew ? result.findings.filter((f) => markOf(trend, f) === 'new') : result.findings;
    return failing.some((f) => atLeast(f.severity, config.failOn)) ? 1 : 0;
  },
};
