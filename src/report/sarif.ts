import { controlById, CONTROLS } from '../catalog/index.js';
import type { Severity } from '../catalog/severity.js';
import { describeRef } from '../core/resource.js';
import { partsOf } from '../core/finding.js';
import { findingFingerprint } from './fingerprint.js';
import type { Formatter } from './report.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note',
};

// GitHub code scanning reads this number to rank security alerts.
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0',
};

/** SARIF 2.1.0 with HIPAA citations as a taxonomy, so viewers can group by safeguard. */
export const formatSarif: Formatter = ({ tool, result }, { pretty }) => {
  const used = new Set(result.findings.flatMap((f) => partsOf(f).map((p) => p.control)));
  const rules = CONTROLS.filter((c) => used.has(c.id));
  const ruleIndex = new Map(rules.map((c, i) => [c.id, i]));
  const citations = [...new Set(rules.flatMap((c) => c.hipaa))].sort();
  const taxonIndex = new Map(citations.map((c, i) => [c, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            informationUri: 'https://phiguard.dev',
            rules: rules.map((c) => ({
              id: c.id,
              name: c.id.replace(/-/g, ''),
              shortDescription: { text: c.title },
              fullDescription: { text: c.summary || c.title },
              help: { text: c.remediation || c.title },
              defaultConfiguration: { level: LEVEL[c.severity] },
              properties: { tags: ['security', 'hipaa', ...c.hipaa], 'security-severity': SECURITY_SEVERITY[c.severity] },
              relationships: c.hipaa.map((h) => ({
                target: { id: h, index: taxonIndex.get(h) ?? 0, toolComponent: { name: 'HIPAA', index: 0 } },
                kinds: ['superset'],
              })),
            })),
            supportedTaxonomies: [{ name: 'HIPAA', index: 0 }],
          },
        },
        taxonomies: [
          {
            name: 'HIPAA',
            version: '45 CFR Part 164 Subpart C',
            organization: 'U.S. Department of Health and Human Services',
            shortDescription: { text: 'HIPAA Security Rule citations' },
            taxa: citations.map((id) => ({ id, name: `45 CFR § ${id}` })),
          },
        ],
        results: result.findings.map((f) => ({
          ruleId: f.control,
          ruleIndex: ruleIndex.get(f.control) ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: f.location
            ? [{
                physicalLocation: {
                  artifactLocation: { uri: f.location.file.replace(/\\/g, '/') },
                  region: { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) },
                },
                ...(f.resource ? { logicalLocations: [{ name: describeRef(f.resource), kind: 'resource', fullyQualifiedName: `${f.resource.apiVersion}/${describeRef(f.resource)}${f.path}` }] } : {}),
              }]
            : f.api
              ? [{
                  // An object read from the API has no file; its API path is its fully qualified logical name.
                  logicalLocations: [{ name: f.resource ? describeRef(f.resource) : f.api.path, kind: 'resource', fullyQualifiedName: `${f.api.path}${f.path ? `#${f.path}` : ''}` }],
                  message: { text: `kubectl: ${f.api.kubectl}` },
                }]
              : [],
          // Findings of the same root cause, folded into this one: each keeps its place, control and message.
          ...(f.related && f.related.length > 0 ? {
            relatedLocations: f.related.map((r, i) => ({
              id: i + 1,
              ...(r.location ? { physicalLocation: { artifactLocation: { uri: r.location.file.replace(/\\/g, '/') }, region: { startLine: Math.max(1, r.location.line), startColumn: Math.max(1, r.location.column) } } } : {}),
              ...(r.resource ? { logicalLocations: [{ name: describeRef(r.resource), kind: 'resource', fullyQualifiedName: `${r.resource.apiVersion}/${describeRef(r.resource)}${r.path}` }] } : {}),
              message: { text: `${r.control} (${r.severity}): ${r.message}` },
            })),
          } : {}),
          partialFingerprints: { 'phiguardFinding/v1': findingFingerprint(f) },
          // A SARIF fix must carry text replacements; ours is a JSON patch, so it travels as a property instead.
          properties: { severity: f.severity, hipaa: f.hipaa, phi: f.phi, path: f.path, 'security-severity': SECURITY_SEVERITY[f.severity], ...(f.api ? { apiPath: f.api.path, kubectl: f.api.kubectl } : {}), ...(f.fix ? { fix: f.fix } : {}),
            ...(f.related && f.related.length > 0 ? { relatedControls: [...new Set(f.related.map((r) => r.control).filter((c) => c !== f.control))] } : {}) },
        })),
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              ...(e.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: e.file }, ...(e.line > 0 ? { region: { startLine: e.line } } : {}) } }] } : {}),
            })),
          },
        ],
        properties: { controls: result.controls.map((c) => ({ ...c, title: controlById(c.id)?.title ?? c.id })) },
      },
    ],
  };
  return JSON.stringify(sarif, null, pretty === true ? 2 : undefined) + '\n';
};
