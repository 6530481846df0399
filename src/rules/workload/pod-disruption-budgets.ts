import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, pointerOf, stringMap } from '../../core/resource.js';
import { podTemplateOf } from '../../core/kinds.js';
import { matchesSelector } from '../../core/selector.js';
import { replicaPlan } from '../support/replicas.js';

/** An int-or-percent value scaled against `count`, rounding up as the disruption controller does. */
function scaled(v: unknown, count: number): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(v.trim());
  if (pct) return Math.ceil((Number(pct[1]) * count) / 100);
  return /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

/** The field that makes a PDB refuse every eviction whatever the replica count (maxUnavailable 0, minAvailable 100%). */
function alwaysBlocking(pdb: KubeResource): string | undefined {
  const spec = asObject(pdb.object['spec']) ?? {};
  const max = spec['maxUnavailable'];
  if (max === 0 || (typeof max === 'string' && /^0+(?:\.0+)?%?$/.test(max.trim()))) return 'maxUnavailable';
  const min = spec['minAvailable'];
  if ((max === undefined || max === null) && typeof min === 'string' && /^100(?:\.0+)?%$/.test(min.trim())) return 'minAvailable';
  return undefined;
}

/** How many of `count` pods the PDB lets be evicted at once, and the field that decides it. */
function allowedDisruptions(pdb: KubeResource, count: number): { readonly allowed: number; readonly field: string; readonly value: string } | undefined {
  const spec = asObject(pdb.object['spec']) ?? {};
  if (spec['maxUnavailable'] !== undefined && spec['maxUnavailable'] !== null) {
    const max = scaled(spec['maxUnavailable'], count);
    return max === undefined ? undefined : { allowed: Math.min(max, count), field: 'maxUnavailable', value: String(spec['maxUnavailable']) };
  }
  // Neither field set: the API defaults minAvailable to 1.
  const raw = spec['minAvailable'] ?? 1;
  const min = scaled(raw, count);
  return min === undefined ? undefined : { allowed: Math.max(0, count - min), field: 'minAvailable', value: String(raw) };
}

export default defineRule({
  meta: {
    id: 'HK-CP-007',
    slug: 'pod-disruption-budgets',
    needs: 'Deployments, StatefulSets or OpenShift DeploymentConfigs, with the PodDisruptionBudgets of their namespaces',
    kinds: ['Deployment', 'StatefulSet', 'DeploymentConfig', 'PodDisruptionBudget'],
    marksEvaluated: true,
    messages: {
      missing: '{{kind}} "{{name}}" runs {{replicas}} replicas of PHI pods but no PodDisruptionBudget in namespace "{{namespace}}" selects them, so a node drain may evict them all at once.',
      ineffective: 'PodDisruptionBudget "{{pdb}}" ({{field}}: {{value}}) lets all {{replicas}} replicas of {{kind}} "{{name}}" be evicted at once; it protects nothing.',
      blocksAll: 'PodDisruptionBudget "{{pdb}}" ({{field}}: {{value}}) never allows evicting a pod of {{kind}} "{{name}}" ({{replicas}} replicas), so node drains and upgrades stall.',
      pdbBlocksAll: 'PodDisruptionBudget "{{pdb}}" ({{field}}: {{value}}) never allows evicting any pod it selects, so node drains and upgrades stall.',
      multiple: 'Pods of {{kind}} "{{name}}" are selected by several PodDisruptionBudgets ({{pdbs}}); the eviction API refuses to evict such pods.',
    },
  },
  // A PDB is judged on its own: it blocks whatever it selects, whether or not the workload is in the input.
  // A template without containers runs no pods: nothing to keep available.
  evaluatesResource: (r, context) => r.ref.kind === 'PodDisruptionBudget'
    || (context.isPhi(r) && asArray(podTemplateOf(r)?.spec['containers']).length > 0),
  create(context) {
    const { inventory } = context;
    // The PDBs of each namespace, found once per namespace rather than once per workload.
    const pdbsByNamespace = new Map<string, readonly KubeResource[]>();
    const pdbsIn = (ns: string): readonly KubeResource[] => {
      let list = pdbsByNamespace.get(ns);
      if (!list) pdbsByNamespace.set(ns, (list = inventory.inNamespace(ns).filter((o) => o.ref.kind === 'PodDisruptionBudget')));
      return list;
    };
    return {
      resource(r) {
        if (r.ref.kind === 'PodDisruptionBudget') {
          const field = alwaysBlocking(r);
          if (field) {
            const value = String(asObject(r.object['spec'])?.[field]);
            context.report({ resource: r, path: pointerOf(['spec', field]), messageId: 'pdbBlocksAll', data: { pdb: r.ref.name, field, value }, severity: 'low' });
          }
          return;
        }
        if (!context.isPhi(r)) return;
        const template = podTemplateOf(r);
        if (!template || asArray(template.spec['containers']).length === 0) return;
        const labels = stringMap(template.metadata['labels']);
        const namespace = inventory.scope.namespaceOf(r) ?? context.config.defaultNamespace;
        // A PDB without a selector selects no pods (policy/v1); an empty one selects the whole namespace.
        const pdbs = pdbsIn(namespace).filter((o) => matchesSelector(asObject(o.object['spec'])?.['selector'], labels));
        const plan = replicaPlan(inventory, context.models, r);
        const data = { kind: r.ref.kind, name: r.ref.name, namespace, replicas: plan.count };
        if (pdbs.length === 0) {
          if (plan.multi) {
            const hasReplicas = asObject(r.object['spec'])?.['replicas'] !== undefined;
            context.report({ resource: r, path: hasReplicas ? '/spec/replicas' : '/spec', messageId: 'missing', data });
          }
          return;
        }
        if (pdbs.length > 1) {
          context.report({ resource: r, path: '/spec/template/metadata/labels', messageId: 'multiple', data: { ...data, pdbs: pdbs.map((p) => `"${p.ref.name}"`).join(', ') }, severity: 'low' });
          return;
        }
        const pdb = pdbs[0];
        if (!pdb) return;
        const d = allowedDisruptions(pdb, plan.count);
        if (!d) return;
        const path = asObject(pdb.object['spec'])?.[d.field] !== undefined ? pointerOf(['spec', d.field]) : '/spec';
        const pdbData = { ...data, pdb: pdb.ref.name, field: d.field, value: d.value };
        if (d.allowed <= 0) {
          if (alwaysBlocking(pdb)) return;
          context.report({ resource: pdb, path, messageId: 'blocksAll', data: pdbData, severity: 'low' });
        } else if (plan.multi && d.allowed >= plan.count) {
          context.report({ resource: pdb, path, messageId: 'ineffective', data: pdbData });
        }
      },
    };
  },
});
