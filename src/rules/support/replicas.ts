import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { asObject, asString } from '../../core/resource.js';
import type { ModelRegistry } from '../../core/rule.js';

/** spec.replicas of a Deployment/StatefulSet; the API server defaults an absent value to 1. */
export function replicasOf(r: KubeResource): number {
  const v = asObject(r.object['spec'])?.['replicas'];
  return typeof v === 'number' ? v : 1;
}

/** The HorizontalPodAutoscaler in the workload's namespace whose scaleTargetRef names it, if the input has one. */
export function hpaFor(inventory: Inventory, models: ModelRegistry, r: KubeResource): KubeResource | undefined {
  // Indexed once per scan so the lookup stays constant-time per workload.
  const byTarget = models.get('workload/hpa-by-target', () => {
    const index = new Map<string, KubeResource>();
    for (const h of inventory.ofKind('HorizontalPodAutoscaler')) {
      const target = asObject(asObject(h.object['spec'])?.['scaleTargetRef']);
      const key = `${inventory.scope.namespaceOf(h) ?? ''}/${asString(target?.['kind']) ?? ''}/${asString(target?.['name']) ?? ''}`;
      if (!index.has(key)) index.set(key, h);
    }
    return index;
  });
  return byTarget.get(`${inventory.scope.namespaceOf(r) ?? ''}/${r.ref.kind}/${r.ref.name}`);
}

/** minReplicas (default 1) and maxReplicas of an HPA. */
export function hpaBounds(hpa: KubeResource): { readonly min: number; readonly max: number } {
  const spec = asObject(hpa.object['spec']);
  const min = typeof spec?.['minReplicas'] === 'number' ? spec['minReplicas'] : 1;
  const max = typeof spec?.['maxReplicas'] === 'number' ? spec['maxReplicas'] : min;
  return { min, max };
}

/** The replica count to plan disruptions for (the HPA floor when autoscaled) and whether the workload runs several. */
export function replicaPlan(inventory: Inventory, models: ModelRegistry, r: KubeResource): { readonly count: number; readonly multi: boolean; readonly hpa?: KubeResource } {
  const hpa = hpaFor(inventory, models, r);
  if (hpa) {
    const { min, max } = hpaBounds(hpa);
    return { count: min, multi: max > 1, hpa };
  }
  const count = replicasOf(r);
  return { count, multi: count > 1 };
}
