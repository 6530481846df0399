import { parseArgs } from 'node:util';
import type { ScanConfig } from '../core/config.js';
import type { Severity } from '../core/severity.js';
import { isSeverity } from '../core/severity.js';
import { UsageError } from './command.js';

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
}

const ID = /^HK-[A-Z]{2}-\d{3}$/;

function idList(values: readonly string[] | undefined, flag: string): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  const ids = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const bad = ids.find((i) => !ID.test(i));
  if (bad) throw new UsageError(`${flag}: "${bad}" is not a control id like HK-PS-003`);
  return ids;
}

/** Options shared by every command that scans input (scan, map, access, netpol). */
export function parseScanArgs(argv: readonly string[]): ScanOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        config: { type: 'string', short: 'c' },
        namespace: { type: 'string', short: 'n' },
        'phi-namespace': { type: 'string', multiple: true },
        'allowed-registry': { type: 'string', multiple: true },
        provider: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        only: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        now: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        baseline: { type: 'string' },
        'fail-on-new': { type: 'boolean' },
        'max-document-mb': { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (v['fail-on'] !== undefined && !isSeverity(v['fail-on'])) throw new UsageError('--fail-on must be one of critical, high, medium, low, info');
  if (v.provider !== undefined && !['eks', 'gke', 'aks'].includes(v.provider)) throw new UsageError('--provider must be eks, gke or aks');
  if (v.now !== undefined && Number.isNaN(Date.parse(v.now))) throw new UsageError('--now must be an RFC 3339 time');
  if (v['fail-on-new'] === true && v.baseline === undefined) throw new UsageError('--fail-on-new needs --baseline FILE (a previous --format json report)');
  const maxDocumentMB = v['max-document-mb'] !== undefined ? Number(v['max-document-mb']) : undefined;
  if (maxDocumentMB !== undefined && !(maxDocumentMB > 0 && maxDocumentMB <= 512)) throw new UsageError('--max-document-mb must be a number of MiB above 0 and at most 512');
  if (parsed.positionals.length === 0) throw new UsageError('give at least one file or directory to scan, or - for standard input');
  const overrides: Partial<ScanConfig> = {
    ...(v.namespace ? { defaultNamespace: v.namespace } : {}),
    ...(v['allowed-registry'] ? { allowedRegistries: v['allowed-registry'] } : {}),
    ...(v.provider ? { provider: v.provider as 'eks' | 'gke' | 'aks' } : {}),
    ...(v['kubernetes-version'] ? { kubernetesVersion: v['kubernetes-version'] } : {}),
    ...(v.skip ? { disabledControls: idList(v.skip, '--skip') ?? [] } : {}),
    ...(v.now ? { now: new Date(v.now).toISOString() } : {}),
    ...(maxDocumentMB !== undefined ? { maxDocumentMB } : {}),
  };
  const only = idList(v.only, '--only');
  return {
    paths: parsed.positionals,
    format: format as Format,
    overrides,
    phiNamespaces: v['phi-namespace'] ?? [],
    failOnNew: v['fail-on-new'] === true,
    ...(v.baseline ? { baseline: v.baseline } : {}),
    ...(v.output ? { output: v.output } : {}),
    ...(v['fail-on'] ? { failOn: v['fail-on'] as Severity } : {}),
    ...(v.config ? { config: v.config } : {}),
    ...(only ? { only } : {}),
    ...(v['no-color'] ? { color: false } : v.color ? { color: true } : {}),
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
