import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { asObject, asString } from '../../core/resource.js';

/** spec.replicas of a Deployment/StatefulSet; the API server defaults an absent value to 1. */
export function replicasOf(r: KubeResource): number {
  const v = asObject(r.object['spec'])?.['replicas'];
  return typeof v === 'number' ? v : 1;
}

/** The HorizontalPodAutoscaler in the workload's namespace whose scaleTargetRef names it, if the input has one. */
export function hpaFor(inventory: Inventory, r: KubeResource): KubeResource | undefined {
  const ns = inventory.scope.namespaceOf(r);
  return inventory.ofKind('HorizontalPodAutoscaler').find((h) => {
    const target = asObject(asObject(h.object['spec'])?.['scaleTargetRef']);
    return asString(target?.['kind']) === r.ref.kind && asString(target?.['name']) === r.ref.name && inventory.scope.namespaceOf(h) === ns;
  });
}

/** minReplicas (default 1) and maxReplicas of an HPA. */
export function hpaBounds(hpa: KubeResource): { readonly min: number; readonly max: number } {
  const spec = asObject(hpa.object['spec']);
  const min = typeof spec?.['minReplicas'] === 'number' ? spec['minReplicas'] : 1;
  const max = typeof spec?.['maxReplicas'] === 'number' ? spec['maxReplicas'] : min;
  return { min, max };
}

/** The replica count to plan disruptions for (the HPA floor when autoscaled) and whether the workload runs several. */
export function replicaPlan(inventory: Inventory, r: KubeResource): { readonly count: number; readonly multi: boolean; readonly hpa?: KubeResource } {
  const hpa = hpaFor(inventory, r);
  if (hpa) {
    const { min, max } = hpaBounds(hpa);
    return { count: min, multi: max > 1, hpa };
  }
  const count = replicasOf(r);
  return { count, multi: count > 1 };
}
