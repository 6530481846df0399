import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import { controlById } from '../catalog/index.js';
import type { Finding } from '../core/finding.js';
import { partsOf } from '../core/finding.js';
import type { Formatter, ReportInput } from './report.js';

/** Results kept per report object: reports live in etcd, so only the top failures go in; the summary counts all. */
export const POLICY_REPORT_RESULT_LIMIT = 100;

/** The yaml printer, loaded on first use: every scan imports this formatter, few print with it. */
const yamlStringify = (): typeof YamlModule.stringify => (createRequire(import.meta.url)('yaml') as typeof YamlModule).stringify;

const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info'];

interface Summary { pass: number; fail: number; warn: number; error: number; skip: number }

/** The finding's resource first, then those of findings of the same root cause folded into it. */
function resourcesOf(f: Finding): Record<string, string>[] {
  const seen = new Set<string>();
  const out: Record<string, string>[] = [];
  for (const p of partsOf(f)) {
    const r = p.resource;
    if (!r) continue;
    const key = `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) });
  }
  return out;
}

function resultOf(f: Finding, seconds: number, tool: string): Record<string, unknown> {
  return {
    source: tool,
    policy: f.control,
    rule: f.path || '/',
    category: f.hipaa.join(', '),
    severity: f.severity,
    result: 'fail',
    scored: true,
    timestamp: { seconds, nanos: 0 },
    ...(f.resource ? { resources: resourcesOf(f) } : {}),
    message: f.message,
    properties: { 'hipaa.citations': f.hipaa.join(' '), ...(f.location ? { 'source.location': `${f.location.file}:${f.location.line}` } : f.api ? { 'source.location': f.api.path } : {}) },
  };
}

function bounded(findings: readonly Finding[], seconds: number, tool: string): Record<string, unknown>[] {
  return [...findings]
    .sort((a, b) => SEVERITY_RANK.indexOf(a.severity) - SEVERITY_RANK.indexOf(b.severity) || a.control.localeCompare(b.control))
    .slice(0, POLICY_REPORT_RESULT_LIMIT)
    .map((f) => resultOf(f, seconds, tool));
}

function dnsName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'phiguard';
}

/** wgpolicyk8s.io/v1alpha2 objects: one PolicyReport per namespace with findings, one ClusterPolicyReport for the rest. */
export function policyReports({ tool, result }: ReportInput, now: string): Record<string, unknown>[] {
  const seconds = Math.floor(Date.parse(now) / 1000);
  const byNamespace = new Map<string, Finding[]>();
  const cluster: Finding[] = [];
  for (const f of result.findings) {
    const ns = f.resource?.namespace;
    if (ns === undefined) { cluster.push(f); continue; }
    const list = byNamespace.get(ns);
    if (list) list.push(f);
    else byNamespace.set(ns, [f]);
  }
  const labels = { 'app.kubernetes.io/managed-by': tool.name };
  const docs: Record<string, unknown>[] = [];
  for (const [ns, list] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
    const summary: Summary = { pass: 0, fail: list.length, warn: 0, error: 0, skip: 0 };
    docs.push({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: dnsName(`${tool.name}-hipaa`), namespace: ns, labels }, summary, results: bounded(list, seconds, tool.name) });
  }
  // The cluster report carries every control's status too, so pass and skip counts mean what kubectl shows.
  const st = result.controls;
  const summary: Summary = {
    pass: st.filter((c) => c.status === 'pass').length,
    fail: cluster.length,
    warn: st.filter((c) => c.status === 'manual').length,
    error: result.errors.length,
    skip: st.filter((c) => c.status === 'not-applicable' || c.status === 'not-evaluated' || c.status === 'waived').length,
  };
  const passes = st.filter((c) => c.status === 'pass').map((c) => ({
    source: tool.name, policy: c.id, category: (controlById(c.id)?.hipaa ?? []).join(', '), result: 'pass', scored: true,
    timestamp: { seconds, nanos: 0 }, message: controlById(c.id)?.title ?? c.id,
  }));
  docs.push({
    apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'ClusterPolicyReport', metadata: { name: dnsName(`${tool.name}-hipaa-cluster`), labels }, summary,
    results: [...bounded(cluster, seconds, tool.name), ...passes].slice(0, POLICY_REPORT_RESULT_LIMIT),
  });
  return docs;
}

/** Multi-document YAML for kubectl apply; the timestamp is the scan's clock so the output is reproducible. */
export const formatPolicyReport: Formatter = (input, { now }) =>
  policyReports(input, now ?? new Date(0).toISOString()).map((d) => '---\n' + yamlStringify()(d, { lineWidth: 0 })).join('');
