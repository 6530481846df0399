import type { ScanConfig } from '../core/config.js';
import type { Severity } from '../catalog/severity.js';
import { isSeverity } from '../catalog/severity.js';
import { UsageError } from './command.js';
import { controlById } from '../catalog/index.js';
import type { OptionSpecs, OptionValues } from './options.js';
import { defineCommand, parseCommand } from './options.js';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'csv', 'policyreport', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly output?: string;
  readonly failOn?: Severity;
  readonly config?: string;
  readonly overrides: Partial<ScanConfig>;
  readonly phiNamespaces: readonly string[];
  readonly only?: readonly string[];
  readonly color?: boolean;
  readonly baseline?: string;
  readonly failOnNew: boolean;
  /** An audit store whose review and detections the HTML evidence report adds. */
  readonly auditStore?: string;
  /** Exit 2 when the input holds no resource at all; undefined: on when CI is set. */
  readonly failOnEmpty?: boolean;
  /** Text report: the summary by control only. */
  readonly quiet?: boolean;
  /** Text report: the N most severe findings in detail. */
  readonly top?: number;
  /** Set by --cluster: read the objects from a cluster's API instead of files. */
  readonly cluster?: ClusterOptions;
}

export interface ClusterOptions {
  readonly context?: string;
  readonly kubeconfig?: string;
  /** Namespaces to read (all when empty). */
  readonly namespaces: readonly string[];
  /** Directory to write the objects read to, for an offline re-run. */
  readonly save?: string;
}

const ID = /^HK-[A-Z]{2}-\d{3}$/;

function idList(values: readonly string[] | undefined, flag: string): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  const ids = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const bad = ids.find((i) => !ID.test(i));
  if (bad) throw new UsageError(`${flag}: "${bad}" is not a control id like HK-PS-003`);
  return ids;
}

/** The options every scanning command (scan, report) reads its input and judges it with. */
export const SCAN_INPUT_OPTIONS = {
  format: { type: 'string', short: 'f', value: 'FORMAT', help: 'text, json, sarif, junit, markdown, csv, policyreport or html (default text)' },
  output: { type: 'string', short: 'o', value: 'FILE', help: 'write the report to FILE instead of standard output' },
  'fail-on': { type: 'string', value: 'SEVERITY', help: 'exit 1 when a finding is at or above it (default high)' },
  config: { type: 'string', short: 'c', value: 'FILE', help: 'configuration file (default .phiguard.yaml when present)' },
  namespace: { type: 'string', short: 'n', multiple: true, value: 'NS', help: 'files: namespace of resources that name none (default "default"); --cluster: read only this namespace' },
  'phi-namespace': { type: 'string', multiple: true, value: 'NS', help: 'put namespace NS in PHI scope' },
  'allowed-registry': { type: 'string', multiple: true, value: 'PREFIX', help: 'allowed image registry' },
  provider: { type: 'string', value: 'eks|gke|aks', help: 'the control plane is managed by this provider' },
  'kubernetes-version': { type: 'string', value: 'X.Y', help: "the cluster's Kubernetes version" },
  only: { type: 'string', multiple: true, value: 'IDS', help: 'run only these controls (comma-separated)' },
  skip: { type: 'string', multiple: true, value: 'IDS', help: 'skip these controls' },
  now: { type: 'string', value: 'TIME', help: 'evaluate time-based checks at TIME (RFC 3339)' },
  baseline: { type: 'string', value: 'FILE', help: 'mark findings new, unchanged or fixed against a previous --format json report' },
  'fail-on-new': { type: 'boolean', help: 'exit 1 only for new findings at or above --fail-on (needs --baseline)' },
  'audit-store': { type: 'string', value: 'STORE', help: 'html: add the access review and detections of this audit store (SQLite file or postgres:// URL)' },
  'fail-on-empty': { type: 'boolean', help: 'exit 2 when the input holds no resource at all, e.g. after a failed `helm template |` (default on when CI is set)' },
  'no-fail-on-empty': { type: 'boolean', help: 'never exit 2 for an input without resources' },
  color: { type: 'boolean', help: 'always colour the text output' },
  'no-color': { type: 'boolean', help: 'never colour the text output (NO_COLOR is honoured too)' },
  quiet: { type: 'boolean', short: 'q', help: 'text report: the summary by control and the totals only' },
  top: { type: 'string', value: 'N', help: 'text report: only the N most severe findings in detail' },
  'max-document-mb': { type: 'string', value: 'N', help: 'largest document, or item of a List, read from input (MiB, default 32)' },
} as const satisfies OptionSpecs;

/** Only scan reads a live cluster. */
export const CLUSTER_OPTIONS = {
  cluster: { type: 'boolean', help: "read the cluster of the kubeconfig's current context (get/list only)" },
  context: { type: 'string', value: 'NAME', help: 'the kubeconfig context to use (with --cluster)' },
  kubeconfig: { type: 'string', value: 'FILE', help: 'the kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)' },
  save: { type: 'string', value: 'DIR', help: 'write the objects read to DIR (Secrets as metadata only) to re-run offline' },
} as const satisfies OptionSpecs;

export const SCAN_SPEC = defineCommand({
  name: 'scan',
  // helpText ends the synopsis with [options]: the second synopsis line gets it, the first says it here.
  synopsis: 'PATH... | - [options]\n       phiguard scan --cluster [--context NAME] [--kubeconfig FILE] [--namespace NS]... [--save DIR]',
  summary: `Scans Kubernetes manifests (YAML, multi-document YAML, JSON, kind: List), Helm or Kustomize output,
cluster dumps and control-plane files, or a live cluster read-only through its API (docs/cluster.md),
and maps every finding to its HIPAA citation.`,
  options: { ...SCAN_INPUT_OPTIONS, ...CLUSTER_OPTIONS },
  notes: [
    'Input errors and warnings also go to standard error, so they show when the report goes to a file or a pipe.',
    '',
    'Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, configuration or input errors (and, with',
    '--fail-on-empty, an input without resources).',
  ],
});

type ScanValues = OptionValues<typeof SCAN_SPEC.options>;

/** scan's own options: parsed against SCAN_SPEC. */
export function parseScanArgs(argv: readonly string[]): ScanOptions {
  const parsed = parseCommand(SCAN_SPEC, argv);
  return scanOptionsFrom(parsed.values, parsed.positionals, true);
}

/** Checks parsed scan options and makes ScanOptions of them; a command without a cluster (report) passes allowCluster false. */
export function scanOptionsFrom(v: ScanValues, positionals: string[], allowCluster: boolean): ScanOptions {
  const parsed = { positionals };
  const format = v.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (v['fail-on'] !== undefined && !isSeverity(v['fail-on'])) throw new UsageError('--fail-on must be one of critical, high, medium, low, info');
  if (v.provider !== undefined && !['eks', 'gke', 'aks'].includes(v.provider)) throw new UsageError('--provider must be eks, gke or aks');
  if (v.now !== undefined && Number.isNaN(Date.parse(v.now))) throw new UsageError('--now must be an RFC 3339 time');
  if (v['fail-on-new'] === true && v.baseline === undefined) throw new UsageError('--fail-on-new needs --baseline FILE (a previous --format json report)');
  const cluster = v.cluster === true;
  if (!allowCluster && (cluster || v.context !== undefined || v.kubeconfig !== undefined || v.save !== undefined)) throw new UsageError('--cluster, --context, --kubeconfig and --save belong to phiguard scan');
  if (!cluster && (v.context !== undefined || v.kubeconfig !== undefined || v.save !== undefined)) throw new UsageError('--context, --kubeconfig and --save need --cluster');
  if (cluster && parsed.positionals.length > 0) throw new UsageError('--cluster reads the cluster; give no files with it');
  if (!cluster && parsed.positionals.length === 0) throw new UsageError('give at least one file or directory to scan, or - for standard input (or --cluster)');
  const namespaces = v.namespace ?? [];
  if (!cluster && namespaces.length > 1) throw new UsageError('--namespace is given once for files (the namespace of resources that name none); repeat it only with --cluster');
  if (v.top !== undefined && !/^[1-9]\d*$/.test(v.top)) throw new UsageError('--top must be a whole number of findings, 1 or more');
  if ((v.top !== undefined || v.quiet === true) && format !== 'text') throw new UsageError('--quiet and --top shorten the text report; other formats always hold every finding');
  const maxDocumentMB = v['max-document-mb'] !== undefined ? Number(v['max-document-mb']) : undefined;
  if (maxDocumentMB !== undefined && !(maxDocumentMB > 0 && maxDocumentMB <= 512)) throw new UsageError('--max-document-mb must be a number of MiB above 0 and at most 512');
  const overrides: Partial<ScanConfig> = {
    ...(!cluster && namespaces[0] ? { defaultNamespace: namespaces[0] } : {}),
    ...(v['allowed-registry'] ? { allowedRegistries: v['allowed-registry'] } : {}),
    ...(v.provider ? { provider: v.provider as 'eks' | 'gke' | 'aks' } : {}),
    ...(v['kubernetes-version'] ? { kubernetesVersion: v['kubernetes-version'] } : {}),
    ...(v.skip ? { disabledControls: idList(v.skip, '--skip') ?? [] } : {}),
    ...(v.now ? { now: new Date(v.now).toISOString() } : {}),
    ...(maxDocumentMB !== undefined ? { maxDocumentMB } : {}),
  };
  const only = idList(v.only, '--only');
  // Running only unknown controls would pass an empty scan: an id the catalog lacks is a usage error.
  const unknown = only?.filter((id) => controlById(id) === undefined) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only: no control ${unknown.join(', ')} in the catalog (phiguard controls lists them)`);
  return {
    paths: parsed.positionals,
    format: format as Format,
    overrides,
    phiNamespaces: v['phi-namespace'] ?? [],
    failOnNew: v['fail-on-new'] === true,
    ...(v.baseline ? { baseline: v.baseline } : {}),
    ...(v['audit-store'] ? { auditStore: v['audit-store'] } : {}),
    ...(cluster ? { cluster: { namespaces, ...(v.context ? { context: v.context } : {}), ...(v.kubeconfig ? { kubeconfig: v.kubeconfig } : {}), ...(v.save ? { save: v.save } : {}) } } : {}),
    ...(v.output ? { output: v.output } : {}),
    ...(v['fail-on'] ? { failOn: v['fail-on'] as Severity } : {}),
    ...(v.config ? { config: v.config } : {}),
    ...(only ? { only } : {}),
    ...(v['no-color'] ? { color: false } : v.color ? { color: true } : {}),
    ...(v['no-fail-on-empty'] ? { failOnEmpty: false } : v['fail-on-empty'] ? { failOnEmpty: true } : {}),
    ...(v.quiet === true ? { quiet: true } : {}),
    ...(v.top !== undefined ? { top: Number(v.top) } : {}),
  };
}

/** The config file merged with command-line overrides; the scan's clock is read here, once. */
export function effectiveConfig(base: ScanConfig, opts: ScanOptions): ScanConfig {
  return {
    ...base,
    ...opts.overrides,
    now: opts.overrides.now ?? new Date().toISOString(),
    disabledControls: [...base.disabledControls, ...(opts.overrides.disabledControls ?? [])],
    phiNamespaces: { ...base.phiNamespaces, names: [...base.phiNamespaces.names, ...opts.phiNamespaces] },
    failOn: opts.failOn ?? base.failOn,
  };
}
