import type { KubeResource } from '../../core/resource.js';
import { labelsOf, pointerOf } from '../../core/resource.js';
import type { Fix } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { SYSTEM_NAMESPACES } from '../../core/kinds.js';
import { podSecurityLabelCause } from '../../core/causes.js';

export const PSA_PREFIX = 'pod-security.kubernetes.io/';
const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

function labelPath(ns: KubeResource, key: string): string {
  return labelsOf(ns)[key] !== undefined ? '/metadata/labels' + pointerOf([key]) : asLabelsPath(ns);
}

function asLabelsPath(ns: KubeResource): string {
  const meta = ns.object['metadata'];
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) && 'labels' in meta ? '/metadata/labels' : '/metadata';
}

function addLabelFix(ns: KubeResource, labels: Readonly<Record<string, string>>): Fix {
  const hasLabels = asLabelsPath(ns) === '/metadata/labels';
  const patch = hasLabels
    ? Object.entries(labels).map(([k, v]) => ({ op: 'add' as const, path: '/metadata/labels' + pointerOf([k]), value: v }))
    : [{ op: 'add' as const, path: '/metadata/labels', value: { ...labels } }];
  return { description: `label namespace ${ns.ref.name} ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' ')}`, patch };
}

export default defineRule({
  meta: {
    id: 'HK-PS-001',
    slug: 'psa-namespace-labels',
    needs: 'Namespace objects',
    kinds: ['Namespace'],
    messages: {
      phiNotEnforced: '{{scope}} namespace "{{name}}" does not enforce Pod Security restricted (pod-security.kubernetes.io/enforce is {{value}}).',
      invalidLevel: 'Namespace "{{name}}" sets {{label}}={{value}}, which is not privileged, baseline or restricted.',
      invalidVersion: 'Namespace "{{name}}" sets {{label}}={{value}}; use "latest" or a Kubernetes minor version such as v1.30.',
      phiHygiene: '{{scope}} namespace "{{name}}" enforces Pod Security restricted (the control is met) but does not set {{what}}: without them violations are not recorded in the audit log or shown on apply, and the enforced rules change with the cluster version.',
      belowBaseline: 'Namespace "{{name}}" does not enforce at least Pod Security baseline (pod-security.kubernetes.io/enforce is {{value}}).',
    },
  },
  create(context) {
    return {
      resource(ns) {
        const name = ns.ref.name;
        if (SYSTEM_NAMESPACES.has(name)) return;
        const labels = labelsOf(ns);
        const data = { name };
        for (const mode of ['enforce', 'audit', 'warn'] as const) {
          const key = PSA_PREFIX + mode;
          const v = labels[key];
          if (v !== undefined && !(LEVELS as readonly string[]).includes(v)) {
            context.report({ resource: ns, path: labelPath(ns, key), messageId: 'invalidLevel', data: { ...data, label: key, value: v } });
          }
          const vk = `${key}-version`;
          const version = labels[vk];
          if (version !== undefined && !VERSION.test(version)) {
            context.report({ resource: ns, path: labelPath(ns, vk), messageId: 'invalidVersion', severity: 'medium', data: { ...data, label: vk, value: version } });
          }
        }
        const enforce = labels[PSA_PREFIX + 'enforce'];
        const shown = enforce === undefined ? 'unset (privileged)' : enforce;
        if (context.isPhi(ns)) {
          // audit/warn and the version pin are hygiene: missing ones ride on the enforce finding, or make one low finding of their own.
          const missing: Record<string, string> = {};
          if (labels[PSA_PREFIX + 'enforce-version'] === undefined) missing[PSA_PREFIX + 'enforce-version'] = 'latest';
          for (const mode of ['audit', 'warn'] as const) if (labels[PSA_PREFIX + mode] !== 'restricted') missing[PSA_PREFIX + mode] = 'restricted';
          if (enforce !== 'restricted') {
            context.report({ resource: ns, path: labelPath(ns, PSA_PREFIX + 'enforce'), messageId: 'phiNotEnforced', data: { ...data, value: shown },
              cause: podSecurityLabelCause(name), fix: addLabelFix(ns, { [PSA_PREFIX + 'enforce']: 'restricted', ...missing }) });
          } else if (Object.keys(missing).length > 0) {
            const what = Object.keys(missing).map((k) => k.slice(PSA_PREFIX.length)).join(', ');
            context.report({ resource: ns, path: asLabelsPath(ns), messageId: 'phiHygiene', severity: 'low', advisory: true, data: { ...data, what },
              fix: addLabelFix(ns, missing) });
          }
          return;
        }
        if (enforce !== 'baseline' && enforce !== 'restricted') {
          context.report({ resource: ns, path: labelPath(ns, PSA_PREFIX + 'enforce'), messageId: 'belowBaseline', data: { ...data, value: shown }, cause: podSecurityLabelCause(name),
            fix: addLabelFix(ns, { [PSA_PREFIX + 'enforce']: 'baseline', [PSA_PREFIX + 'enforce-version']: 'latest' }) });
        }
      },
    };
  },
});
