import { defineRule } from '../../core/rule.js';
import type { JsonObject } from '../../core/resource.js';
import { asArray, asObject, asString, stringMap } from '../../core/resource.js';
import { podTemplateOf } from '../../core/kinds.js';
import { matchesSelector } from '../../core/selector.js';
import { hpaBounds, replicaPlan, replicasOf } from '../support/replicas.js';

const ZONE_KEYS: ReadonlySet<string> = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);

/** True when a term's selector picks the workload's own pods (a nil selector picks none unless matchLabelKeys builds one). */
function selectsOwnPods(term: JsonObject, labels: Record<string, string>): boolean {
  const selector = term['labelSelector'];
  if (selector === undefined || selector === null) return asArray(term['matchLabelKeys']).length > 0;
  return matchesSelector(selector, labels);
}

/** Whether the pod spec spreads its own replicas across zones, by topology spread constraints or pod anti-affinity. */
function spreadsAcrossZones(spec: JsonObject, labels: Record<string, string>): boolean {
  for (const raw of asArray(spec['topologySpreadConstraints'])) {
    const c = asObject(raw);
    if (c && ZONE_KEYS.has(asString(c['topologyKey']) ?? '') && selectsOwnPods(c, labels)) return true;
  }
  const anti = asObject(asObject(spec['affinity'])?.['podAntiAffinity']);
  const terms = [
    ...asArray(anti?.['requiredDuringSchedulingIgnoredDuringExecution']),
    ...asArray(anti?.['preferredDuringSchedulingIgnoredDuringExecution']).map((p) => asObject(p)?.['podAffinityTerm'] ?? null),
  ];
  return terms.some((raw) => {
    const t = asObject(raw);
    return t !== undefined && ZONE_KEYS.has(asString(t['topologyKey']) ?? '') && selectsOwnPods(t, labels);
  });
}

export default defineRule({
  meta: {
    id: 'HK-CP-008',
    slug: 'redundancy',
    needs: 'Deployments, StatefulSets or OpenShift DeploymentConfigs (and their HorizontalPodAutoscalers)',
    marksEvaluated: true,
    kinds: ['Deployment', 'StatefulSet', 'DeploymentConfig', 'HorizontalPodAutoscaler'],
    messages: {
      single: '{{kind}} "{{name}}" runs {{replicas}} replica(s) of a PHI service: one node or pod failure makes it unavailable.',
      hpaMin: 'HorizontalPodAutoscaler "{{hpa}}" lets {{kind}} "{{name}}" scale down to {{min}} replica(s) (minReplicas), a single point of failure for a PHI service.',
      noZoneSpread: '{{kind}} "{{name}}" runs several replicas but neither topologySpreadConstraints nor pod anti-affinity spreads them over topology.kubernetes.io/zone, so one zone outage can take them all.',
    },
  },
  create(context) {
    const { inventory } = context;
    return {
      resource(r) {
        if (r.ref.kind === 'HorizontalPodAutoscaler') {
          // HPAs whose target is in the input are judged with their target below.
          const target = asObject(asObject(r.object['spec'])?.['scaleTargetRef']);
          const kind = asString(target?.['kind']) ?? '';
          const name = asString(target?.['name']) ?? '';
          if (kind !== 'Deployment' && kind !== 'StatefulSet' && kind !== 'DeploymentConfig') return;
          const present = inventory.get(kind, inventory.scope.namespaceOf(r), name) !== undefined;
          const { min } = hpaBounds(r);
          if (present || !context.isPhi(r)) return;
          context.markEvaluated();
          if (min <= 1) {
            const hasMin = asObject(r.object['spec'])?.['minReplicas'] !== undefined;
            context.report({ resource: r, path: hasMin ? '/spec/minReplicas' : '/spec', messageId: 'hpaMin', data: { hpa: r.ref.name, kind, name, min } });
          }
          return;
        }
        if (!context.isPhi(r)) return;
        const template = podTemplateOf(r);
        if (!template) return;
        // The declared replica count is judged even for a template without containers (polaris does the same).
        context.markEvaluated();
        const plan = replicaPlan(inventory, context.models, r);
        const data = { kind: r.ref.kind, name: r.ref.name };
        if (plan.hpa) {
          const { min } = hpaBounds(plan.hpa);
          const hasMin = asObject(plan.hpa.object['spec'])?.['minReplicas'] !== undefined;
          if (min <= 1) context.report({ resource: plan.hpa, path: hasMin ? '/spec/minReplicas' : '/spec', messageId: 'hpaMin', data: { ...data, hpa: plan.hpa.ref.name, min }, phi: true });
        } else if (replicasOf(r) <= 1) {
          const hasReplicas = asObject(r.object['spec'])?.['replicas'] !== undefined;
          context.report({ resource: r, path: hasReplicas ? '/spec/replicas' : '/spec', messageId: 'single', data: { ...data, replicas: replicasOf(r) } });
          return;
        }
        if (!plan.multi) return;
        if (!spreadsAcrossZones(template.spec, stringMap(template.metadata['labels']))) {
          context.report({ resource: r, path: `${template.path}/spec`, messageId: 'noZoneSpread', data, severity: 'low' });
        }
      },
    };
  },
});
