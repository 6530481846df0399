import type { KubeResource } from '../../core/resource.js';
import { labelsOf, pointerOf } from '../../core/resource.js';
import type { Fix } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { SYSTEM_NAMESPACES } from '../../core/kinds.js';

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
      phiNotEnforced: 'PHI namespace "{{name}}" does not enforce Pod Security restricted (pod-security.kubernetes.io/enforce is {{value}}).',
      invalidLevel: 'Namespace "{{name}}" sets {{label}}={{value}}, which is not privileged, baseline or restricted.',
      invalidVersion: 'Namespace "{{name}}" sets {{label}}={{value}}; use "latest" or a Kubernetes minor version such as v1.30.',
      phiNoVersion: 'PHI namespace "{{name}}" does not pin pod-security.kubernetes.io/enforce-version (use "latest" or a version such as v1.30).',
      phiNotAudited: 'PHI namespace "{{name}}" does not set pod-security.kubernetes.io/{{mode}}=restricted (it is {{value}}), so violations are not {{effect}}.',
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
          if (enforce !== 'restricted') {
            context.report({ resource: ns, path: labelPath(ns, PSA_PREFIX + 'enforce'), messageId: 'phiNotEnforced', data: { ...data, value: shown },
              fix: addLabelFix(ns, { [PSA_PREFIX + 'enforce']: 'restricted', [PSA_PREFIX + 'enforce-version']: 'latest' }) });
          } else if (labels[PSA_PREFIX + 'enforce-version'] === undefined) {
            context.report({ resource: ns, path: asLabelsPath(ns), messageId: 'phiNoVersion', severity: 'low', data,
              fix: addLabelFix(ns, { [PSA_PREFIX + 'enforce-version']: 'latest' }) });
          }
          for (const [mode, effect] of [['audit', 'recorded in the audit log'], ['warn', 'shown to the user who applies them']] as const) {
            const v = labels[PSA_PREFIX + mode];
            if (v === 'restricted') continue;
            context.report({ resource: ns, path: labelPath(ns, PSA_PREFIX + mode), messageId: 'phiNotAudited', severity: 'medium',
              data: { ...data, mode, effect, value: v ?? 'unset' },
              fix: addLabelFix(ns, { [PSA_PREFIX + mode]: 'restricted' }) });
          }
          return;
        }
        if (enforce !== 'baseline' && enforce !== 'restricted') {
          context.report({ resource: ns, path: labelPath(ns, PSA_PREFIX + 'enforce'), messageId: 'belowBaseline', data: { ...data, value: shown },
            fix: addLabelFix(ns, { [PSA_PREFIX + 'enforce']: 'baseline', [PSA_PREFIX + 'enforce-version']: 'latest' }) });
        }
      },
    };
  },
});
